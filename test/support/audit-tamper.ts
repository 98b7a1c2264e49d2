import type { DataSource, EntityManager } from 'typeorm';

// Runs `change` in one transaction with the audit table's append-only trigger switched off, as a
// superuser bent on rewriting history could.
export function tamperWithAudit<T>(ds: DataSource, change: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query('ALTER TABLE audit_records DISABLE TRIGGER audit_records_no_update_delete');
    const result = await change(em);
    await em.query('ALTER TABLE audit_records ENABLE TRIGGER audit_records_no_update_delete');
    return result;
  });
}
