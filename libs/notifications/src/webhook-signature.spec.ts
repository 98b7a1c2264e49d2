import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const body = JSON.stringify({ kind: 'transmitted' });

  it('should sign "<timestamp>.<body>" with HMAC-SHA256 of the secret', () => {
    const expected = createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('s3cret', 1700000000, body)).toBe(`sha256=${expected}`);
  });

  it('should verify a fresh signature and refuse another body, secret or an old timestamp', () => {
    const sig = signWebhook('s3cret', 1700000000, body);
    expect(verifyWebhook('s3cret', 1700000000, body, sig, 1700000100)).toBe(true);
    expect(verifyWebhook('s3cret', 1700000000, `${body} `, sig, 1700000100)).toBe(false);
    expect(verifyWebhook('other', 1700000000, body, sig, 1700000100)).toBe(false);
    expect(verifyWebhook('s3cret', 1700000000, body, sig, 1700000000 + 301)).toBe(false);
  });
});
