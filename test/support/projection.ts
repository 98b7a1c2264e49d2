import type { DataSource } from 'typeorm';
import { AuditWriter } from '../../libs/audit/src';
import { NotificationOutbox } from '../../libs/notifications/src';
import { buildRulesIndex, loadBundledRulesData } from '../../libs/treaty-rules/src';
import { CaseProjectionActivities } from '../../apps/worker/src/activities/case-projection.activities';

// The worker's projection outside the worker: the bundled rules data (for the holders'
// calendars) and an outbox that records notifications but starts no delivery.
export function projectionActivities(ds: DataSource, writer = new AuditWriter()): CaseProjectionActivities {
  const index = buildRulesIndex(loadBundledRulesData());
  return new CaseProjectionActivities(ds, writer, { index: async () => index }, new NotificationOutbox({ start: async () => undefined }, false));
}
