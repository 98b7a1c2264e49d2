import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadPayloadConfig, SecretSeal, WEBHOOK_SECRET_PURPOSE } from '@comity/config';

// Webhook signing secrets sealed at rest (libs/config secret-seal.ts: AES-256-GCM under a key
// derived from PAYLOAD_KEYS, bound to the subscription's id) instead of stored in clear. The
// secrets already stored are sealed here, so this migration needs the payload keys whenever there
// are webhooks (the migrate job has them, as the api and worker do); down opens them again.
export class WebhookSecretsSealed1764440000002 implements MigrationInterface {
  name = 'WebhookSecretsSealed1764440000002';

  async up(q: QueryRunner): Promise<void> {
    await rewrite(q, 'secret', 'secret_sealed', (seal, secret, id) => seal.seal(secret, id));
  }

  async down(q: QueryRunner): Promise<void> {
    await rewrite(q, 'secret_sealed', 'secret', (seal, sealed, id) => seal.open(sealed, id));
  }
}

// Replaces column `from` by `to`, each row's value transformed; the keys are loaded only when
// there is a row to transform.
async function rewrite(
  q: QueryRunner,
  from: string,
  to: string,
  transform: (seal: SecretSeal, value: string, id: string) => string,
): Promise<void> {
  await q.query(`ALTER TABLE webhook_subscriptions ADD COLUMN ${to} text`);
  const rows: { id: string; value: string }[] = await q.query(
    `SELECT id, ${from} AS value FROM webhook_subscriptions`,
  );
  if (rows.length > 0) {
    const seal = new SecretSeal(loadPayloadConfig().keys, WEBHOOK_SECRET_PURPOSE);
    for (const r of rows) {
      await q.query(`UPDATE webhook_subscriptions SET ${to} = $2 WHERE id = $1`, [
        r.id,
        transform(seal, r.value, r.id),
      ]);
    }
  }
  await q.query(`ALTER TABLE webhook_subscriptions ALTER COLUMN ${to} SET NOT NULL, DROP COLUMN ${from}`);
}
