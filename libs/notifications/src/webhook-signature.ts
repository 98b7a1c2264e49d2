import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook calls are signed like Stripe's and GitHub's: HMAC-SHA256 over "<timestamp>.<body>" with
// the subscription's secret. The timestamp (Unix seconds) is signed too, so a receiver that
// refuses old timestamps (say, five minutes) also refuses replays of a captured call.
export const SIGNATURE_HEADER = 'X-Comity-Signature';
export const TIMESTAMP_HEADER = 'X-Comity-Timestamp';
export const DELIVERY_HEADER = 'X-Comity-Delivery';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** True when `signature` is this body's signature at `timestamp` and the timestamp is recent. */
export function verifyWebhook(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
