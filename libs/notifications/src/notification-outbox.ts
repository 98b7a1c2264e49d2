import { Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  canReadCase,
  CASE_FACTS_COLUMNS,
  caseFactsFromRow,
  type AuthorityKind,
  type AuthUser,
  type CaseFacts,
  type CaseFactsRow,
} from '@comity/auth';
import type { Role, Visibility } from '@comity/contracts';
import type { NotificationKind } from './notification-kinds';

/** Anything that runs SQL: an EntityManager inside a transaction, or a DataSource. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Who a notice is for: everyone of a role in a jurisdiction (and authority, when named), or one user. */
export interface NoticeRecipient {
  role: Role;
  jurisdiction: string;
  authorityId: string | null;
  userId?: string | null;
}

export interface Notice {
  caseId: string;
  /** Idempotency key: a retried writer records nothing twice. */
  sourceKey: string;
  kind: NotificationKind;
  message: string;
  at: string;
  /** Which side may learn of it: a side's internal steps never reach the other side. */
  visibility: Visibility;
  recipient: NoticeRecipient;
}

// Namespace of delivery ids (uuid v5 of notification, channel and target), so a retried writer
// finds the delivery it already recorded.
const DELIVERY_NAMESPACE = '0c7d4f0e-55b1-4d55-8f0a-7d8e7e1b3a29';

// The kinds of authority whose people hold a role, for webhooks (which speak for an authority).
const AUTHORITY_KINDS_OF_ROLE: Record<Role, readonly AuthorityKind[]> = {
  prosecutor: ['prosecutor_office'],
  central_authority: ['central_authority'],
  supervisor: ['prosecutor_office', 'central_authority', 'supervisory'],
  admin: [],
};

/**
 * Records notices as in-app notifications and their outbound deliveries (webhooks of the
 * recipients' authorities; e-mails when `emailEnabled`), in the caller's transaction. Every
 * recipient is checked against the case access policy, so neither a notification nor a delivery
 * reaches anyone who may not see the case, or a side that may not see the step. Returns the ids
 * of the new deliveries, to be started once the transaction has committed.
 */
export async function recordNotices(db: Queryable, notices: Notice[], emailEnabled: boolean): Promise<string[]> {
  if (notices.length === 0) return [];
  const facts = await caseFacts(db, notices[0].caseId);
  if (!facts) return [];
  const deliveries: string[] = [];
  for (const notice of notices) {
    const side =
      notice.recipient.jurisdiction === facts.requestingState
        ? 'requesting'
        : notice.recipient.jurisdiction === facts.requestedState
          ? 'requested'
          : null;
    if (side === null || (notice.visibility !== 'shared' && notice.visibility !== side)) continue;
    const rows = (await db.query(
      `INSERT INTO notifications (case_id, source_key, kind, recipient_role, recipient_jurisdiction, recipient_authority_id,
                                  recipient_user_id, visibility, message, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (source_key) DO NOTHING RETURNING id`,
      [
        notice.caseId, notice.sourceKey, notice.kind, notice.recipient.role, notice.recipient.jurisdiction,
        notice.recipient.authorityId, notice.recipient.userId ?? null, notice.visibility, notice.message, notice.at,
      ],
    )) as { id: string }[];
    if (rows.length === 0) continue;
    // Outbound channels never carry a sealed case: only the people assigned to it may learn of it.
    if (facts.sealed) continue;
    const id = String(rows[0].id);
    deliveries.push(...(await webhookDeliveries(db, id, notice, facts)));
    if (emailEnabled) deliveries.push(...(await emailDeliveries(db, id, notice, facts)));
  }
  return deliveries;
}

async function caseFacts(db: Queryable, caseId: string): Promise<CaseFacts | null> {
  const [row] = (await db.query(`SELECT ${CASE_FACTS_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId])) as CaseFactsRow[];
  return row ? caseFactsFromRow(row) : null;
}

// The reader a policy check stands for: one role of a user, or of a whole authority.
function reader(id: string, role: Role, authority: { id: string; kind: AuthorityKind; jurisdiction: string }): AuthUser {
  return {
    id,
    kind: 'service',
    authorityId: authority.id,
    authorityKind: authority.kind,
    jurisdiction: authority.jurisdiction,
    roles: [role],
    via: 'api_token',
    sessionId: null,
  };
}

async function insertDelivery(
  db: Queryable,
  notificationId: string,
  channel: 'webhook' | 'email',
  recipient: string,
  subscriptionId: string | null,
  at: string,
): Promise<string | null> {
  const id = uuidv5(`${notificationId}:${channel}:${recipient}`, DELIVERY_NAMESPACE);
  const rows = (await db.query(
    `INSERT INTO notification_deliveries (id, notification_id, channel, subscription_id, recipient, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [id, notificationId, channel, subscriptionId, recipient, at],
  )) as unknown[];
  return rows.length ? id : null;
}

async function webhookDeliveries(db: Queryable, notificationId: string, notice: Notice, facts: CaseFacts): Promise<string[]> {
  const r = notice.recipient;
  const subs = (await db.query(
    `SELECT w.id, a.id AS authority_id, a.kind, a.jurisdiction
     FROM webhook_subscriptions w JOIN authorities a ON a.id = w.authority_id
     WHERE w.active AND a.active AND a.jurisdiction = $1
       AND ($2::uuid IS NULL OR a.id = $2)
       AND ($3::uuid IS NULL OR a.id = (SELECT u.authority_id FROM users u WHERE u.id = $3))
       AND (cardinality(w.kinds) = 0 OR $4 = ANY(w.kinds)) AND a.kind = ANY($5::text[])`,
    [r.jurisdiction, r.authorityId, r.userId ?? null, notice.kind, AUTHORITY_KINDS_OF_ROLE[r.role]],
  )) as { id: string; authority_id: string; kind: AuthorityKind; jurisdiction: string }[];
  const ids: string[] = [];
  for (const s of subs) {
    const authority = { id: s.authority_id, kind: s.kind, jurisdiction: s.jurisdiction };
    if (!canReadCase(reader(`authority:${s.authority_id}`, r.role, authority), facts)) continue;
    const id = await insertDelivery(db, notificationId, 'webhook', s.id, s.id, notice.at);
    if (id) ids.push(id);
  }
  return ids;
}

async function emailDeliveries(db: Queryable, notificationId: string, notice: Notice, facts: CaseFacts): Promise<string[]> {
  const r = notice.recipient;
  const users = (await db.query(
    `SELECT u.id, u.email, u.roles, a.id AS authority_id, a.kind, a.jurisdiction
     FROM users u JOIN authorities a ON a.id = u.authority_id
     WHERE u.active AND u.kind = 'user' AND u.email IS NOT NULL AND a.active
       AND (CASE WHEN $4::uuid IS NOT NULL THEN u.id = $4
                 ELSE a.jurisdiction = $1 AND $2 = ANY(u.roles) AND ($3::uuid IS NULL OR a.id = $3) END)`,
    [r.jurisdiction, r.role, r.authorityId, r.userId ?? null],
  )) as { id: string; email: string; roles: Role[]; authority_id: string; kind: AuthorityKind; jurisdiction: string }[];
  const ids: string[] = [];
  for (const u of users) {
    const authority = { id: u.authority_id, kind: u.kind, jurisdiction: u.jurisdiction };
    const role = u.roles.includes(r.role) ? r.role : u.roles[0];
    if (!role || !canReadCase(reader(u.id, role, authority), facts)) continue;
    const id = await insertDelivery(db, notificationId, 'email', u.email.toLowerCase(), null, notice.at);
    if (id) ids.push(id);
  }
  return ids;
}

/** Starts recorded deliveries (DeliveryStarter); a stand-in in tests that send nothing. */
export interface DeliveryStarting {
  start(deliveryIds: readonly string[]): Promise<void>;
}

// What writers of notifications use: record them in their own transaction, then start the
// deliveries once it has committed. E-mail deliveries are recorded only when SMTP is configured.
export class NotificationOutbox {
  private readonly logger = new Logger(NotificationOutbox.name);

  constructor(
    private readonly starter: DeliveryStarting,
    private readonly emailEnabled: boolean,
  ) {}

  record(db: Queryable, notices: Notice[]): Promise<string[]> {
    return recordNotices(db, notices, this.emailEnabled);
  }

  /**
   * Starts the deliveries without holding up the writer: a decision or an assignment answers its
   * caller once its own transaction has committed, not after one workflow start per webhook and
   * e-mail. The deliveries are already recorded, so any this process does not start (it stops, or
   * Temporal does not answer) are started by the sweep.
   */
  startSoon(deliveryIds: readonly string[]): void {
    if (deliveryIds.length === 0) return;
    this.starter.start(deliveryIds).catch((err: unknown) => {
      this.logger.warn({ deliveries: deliveryIds.length, err: (err as Error).message }, 'Deliveries left to the sweep');
    });
  }
}
