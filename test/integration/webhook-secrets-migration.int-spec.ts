import { randomUUID } from 'node:crypto';
import { loadPayloadConfig } from '../../libs/config/src';
import { WebhookSecrets } from '../../libs/notifications/src/webhook-secrets';
import { migrate } from '../../libs/persistence/src';
import { createAuthority } from '../support/auth';
import { isolatedDatabase } from '../support/isolated-database';

// Migration WebhookSecretsSealed on a database that holds webhooks with their secrets in clear,
// as every installation before it did: up seals each one for its subscription (no secret left in
// clear, and the worker's WebhookSecrets opens them), down puts them back as they were.
describe('webhook secrets sealed by migration', () => {
  it('should seal the secrets stored in clear, and restore them on the way down', async () => {
    const { dataSource: ds, url, drop } = await isolatedDatabase(2);
    try {
      const undoUntilClear = async () => {
        while (
          (await ds.query(`SELECT 1 FROM migrations WHERE name = 'WebhookSecretsSealed1764440000002'`))
            .length > 0
        ) {
          await ds.undoLastMigration({ transaction: 'each' });
        }
      };
      await undoUntilClear();
      const authority = await createAuthority(ds, 'HN', 'central_authority');
      const hooks = [randomUUID(), randomUUID()].map((id, i) => ({
        id,
        secret: `clear-secret-${i}-${randomUUID()}`,
      }));
      for (const h of hooks) {
        await ds.query(
          `INSERT INTO webhook_subscriptions (id, authority_id, url, secret) VALUES ($1, $2, 'https://example.org/h', $3)`,
          [h.id, authority.id, h.secret],
        );
      }

      await migrate(url);
      const sealed: { id: string; row: string; secret_sealed: string }[] = await ds.query(
        `SELECT id, row_to_json(w)::text AS row, secret_sealed FROM webhook_subscriptions w ORDER BY id`,
      );
      const secrets = new WebhookSecrets(loadPayloadConfig().keys);
      for (const h of hooks) {
        const row = sealed.find((r) => r.id === h.id)!;
        expect(row.row).not.toContain(h.secret);
        expect(secrets.open(row.secret_sealed, h.id)).toBe(h.secret);
      }
      // Bound to its subscription: one row's sealed secret does not open as another's.
      expect(() =>
        secrets.open(sealed.find((r) => r.id === hooks[0].id)!.secret_sealed, hooks[1].id),
      ).toThrow(/does not open/);

      await undoUntilClear();
      const restored: { id: string; secret: string }[] = await ds.query(
        `SELECT id, secret FROM webhook_subscriptions`,
      );
      expect(restored.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        hooks.map((h) => ({ id: h.id, secret: h.secret })).sort((a, b) => a.id.localeCompare(b.id)),
      );
    } finally {
      await drop();
    }
  });
});
