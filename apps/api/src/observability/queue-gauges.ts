import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

interface QueueRow {
  authority: string;
  open: number;
  overdue: number;
}

// Open cases per holding authority and how many of them are overdue, read from the read model at
// scrape time (one grouped statement over the open cases). The label is the authority's code, or
// jurisdiction/role (HN/central_authority) while a case waits on a role rather than one office:
// codes only, never a case or a person.
export function registerQueueGauges(registry: Registry, dataSource: DataSource): void {
  let snapshot: { at: number; rows: Promise<QueueRow[]> } | undefined;
  // Both gauges read one snapshot per scrape.
  const rows = (): Promise<QueueRow[]> => {
    if (!snapshot || Date.now() - snapshot.at > 1000) {
      snapshot = {
        at: Date.now(),
        rows: dataSource.query(
          `SELECT COALESCE(a.code, c.holder_jurisdiction || '/' || c.holder_role) AS authority,
                  count(*)::int AS open, count(*) FILTER (WHERE c.overdue)::int AS overdue
             FROM cases c LEFT JOIN authorities a ON a.id = c.holder_authority_id
            WHERE c.closed_at IS NULL AND (a.code IS NOT NULL OR c.holder_role IS NOT NULL)
            GROUP BY 1`,
        ),
      };
    }
    return snapshot.rows;
  };
  const gauge = (name: string, help: string, pick: (r: QueueRow) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['authority'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await rows()) this.set({ authority: row.authority }, pick(row));
      },
    });
  gauge('comity_queue_depth', 'Open cases held by each authority (read model)', (r) => r.open);
  gauge('comity_queue_overdue', 'Open cases held by each authority whose deadline has passed (read model)', (r) => r.overdue);
}
