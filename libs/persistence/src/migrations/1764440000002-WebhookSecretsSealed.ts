import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadPayloadConfig, SecretSeal, WEBHOOK_SECRET_PURPOSE } from '@comity/config';

// Webhook signing secrets sealed at rest (libs/config secret-seal.ts: AES-256-GCM under a key
// derived from PAYLOAD_KEYS, bound to the subscription's id) instead of stored in clear. The
// secrets already stored are sealed here, so this migration needs the payload keys whenever there
// are webhooks (the migrate job has them, as the api and worker do); down opens them again.
export class WebhookSecretsSealed1764440000002 implements MigrationInterface {
  name = 'WebhookSecretsSealed1764440000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions ADD COLUMN secret_sealed text`);
    const rows: { id: string; secret: string }[] = await q.query(`SELECT id, secret FROM webhook_subscriptions`);
    if (rows.length > 0) {
      const seal = new SecretSeal(loadPayloadConfig().keys, WEBHOOK_SECRET_PURPOSE);
      for (const r of rows) {
        await q.query(`UPDATE webhook_subscriptions SET secret_sealed = $2 WHERE id = $1`, [r.id, seal.seal(r.secret, r.id)]);
      }
    }
    await q.query(`ALTER TABLE webhook_subscriptions ALTER COLUMN secret_sealed SET NOT NULL, DROP COLUMN secret`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions ADD COLUMN secret text`);
    const rows: { id: string; secret_sealed: string }[] = await q.query(`SELECT id, secret_sealed FROM webhook_subscriptions`);
    if (rows.length > 0) {
      const seal = new SecretSeal(loadPayloadConfig().keys, WEBHOOK_SECRET_PURPOSE);
      for (const r of rows) {
        await q.query(`UPDATE webhook_subscriptions SET secret = $2 WHERE id = $1`, [r.id, seal.open(r.secret_sealed, r.id)]);
      }
    }
    await q.query(`ALTER TABLE webhook_subscriptions ALTER COLUMN secret SET NOT NULL, DROP COLUMN secret_sealed`);
  }
}
