import type { SchemaObject } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '@comity/notifications';
import { HOLDER_CLASSES } from '@comity/persistence';

// Response models of the work queue, reports and webhooks (merged into API_SCHEMAS).

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };
const num: SchemaObject = { type: 'number' };
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const month: SchemaObject = { type: 'string', pattern: '^\\d{4}-\\d{2}$', example: '2026-06' };
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const holderClass: SchemaObject = { type: 'string', enum: [...HOLDER_CLASSES, 'none'] };

function object(properties: Record<string, SchemaObject | { $ref: string }>, optional: string[] = []): SchemaObject {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}

const list = (item: SchemaObject | { $ref: string }, more: Record<string, SchemaObject> = {}) =>
  object({ ...more, items: { type: 'array', items: item } });
const period = { from: month, to: month };

const WEBHOOK_FIELDS = {
  id: uuid,
  authorityId: uuid,
  url: str,
  kinds: { type: 'array', items: { type: 'string', enum: [...NOTIFICATION_KINDS] } } as SchemaObject,
  active: { type: 'boolean' } as SchemaObject,
  createdAt: instant,
};

/** The schemas, given the fields of a case summary (which a queue item extends). */
export function workSchemas(caseSummary: Record<string, SchemaObject | { $ref: string }>): Record<string, SchemaObject> {
  return {
  Assignee: object({ id: uuid, name: str }),
  AssignmentCandidates: list(ref('Assignee')),
  QueueItem: object({
    ...caseSummary,
    urgency: { type: 'string', enum: ['breached', 'legal_clock', 'needed_by_or_urgent', 'due'] },
    assignee: { allOf: [ref('Assignee')], nullable: true } as SchemaObject,
  }),
  QueueCounts: object({ total: int, mine: int, unassigned: int, breached: int, legalClock: int, neededByOrUrgent: int }),
  QueuePage: object({
    items: { type: 'array', items: ref('QueueItem') },
    counts: ref('QueueCounts'),
    nextCursor: { type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last page' },
  }),
  NotificationsMarked: object({ marked: int }),
  Webhook: object(WEBHOOK_FIELDS),
  CreatedWebhook: object({ ...WEBHOOK_FIELDS, secret: { type: 'string', description: 'Shown only once' } }),
  WebhookList: list(ref('Webhook')),
  DeliveryAttempt: object({ attempt: int, at: instant, statusCode: nullable(int), error: nullable(str), durationMs: int }),
  Delivery: object({
    id: uuid,
    notificationId: str,
    kind: str,
    caseId: uuid,
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: int,
    createdAt: instant,
    deliveredAt: nullable(instant),
    lastError: nullable(str),
    history: { type: 'array', items: ref('DeliveryAttempt') },
  }),
  DeliveryList: list(ref('Delivery')),
  OverdueReport: list(
    object({
      caseId: uuid,
      kind: str,
      reference: nullable(str),
      pair: { type: 'string', example: 'HN-US' },
      stage: str,
      dueAt: nullable(instant),
      daysOverdue: int,
      stageEnteredAt: nullable(instant),
      holderRole: nullable(str),
      holderSide: nullable(str),
      holderJurisdiction: nullable(str),
      holderClass: nullable(holderClass),
      holderAuthority: nullable(str),
      assigneeId: { ...uuid, nullable: true, description: "Only on the holder's own side" },
      assigneeName: { ...str, nullable: true, description: "Only on the holder's own side" },
    }),
  ),
  AgingReport: list(
    object({ stage: str, total: int, days0to7: int, days8to30: int, days31to90: int, days91to180: int, days181plus: int }),
    { buckets: { type: 'array', items: str } },
  ),
  StageTimesReport: list(
    object(
      {
        group: { type: 'string', description: 'The pair (HN-US) or the requesting office id (none when it has none)' },
        authorityName: nullable(str),
        stage: str,
        visits: int,
        meanDays: num,
        medianDays: num,
        p90Days: num,
      },
      ['authorityName'],
    ),
    { ...period, groupBy: { type: 'string', enum: ['pair', 'authority'] }, metric: { type: 'string', enum: ['calendar', 'business'] } },
  ),
  TrendReport: list(object({ month, opened: int, closed: int, medianDaysToClose: nullable(num) }), period),
  BottleneckReport: list(
    object({
      rank: int,
      holderClass,
      waitingDays: int,
      completedDays: int,
      completedVisits: int,
      openCases: int,
      openDays: int,
    }),
    period,
  ),
  RoundsReport: list(object({ caseId: uuid, reference: nullable(str), kind: str, pair: str, stage: str, rounds: int })),
  LegalDeadlinesReport: list(
    object({
      window: { type: 'string', enum: ['provisional-arrest', 'surrender'] },
      deadlineKey: str,
      pair: str,
      met: int,
      missed: int,
      ended: int,
      running: int,
    }),
    period,
  ),
  };
}
