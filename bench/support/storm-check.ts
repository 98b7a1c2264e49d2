// What the fault storm checks after a run, from the database and from Temporal: every case's
// read model, steps and audit records, its workflow's own state, and the audit chains as a whole;
// then a case-by-case comparison of the storm run with the control run.
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { caseWorkflowId, getCaseStateQuery, type MlaSnapshot } from '@comity/contracts';
import { dataConverterFromEnv } from '@comity/temporal';
import type { CaseResult } from './storm-client';
import { sleep } from './storm-infra';

export interface StepFact {
  seq: number;
  action: string;
  fromStage: string | null;
  toStage: string;
  outcome: string | null;
  actor: string | null;
}

/** A case's deadline as its read model holds it; `dueAt` only where the script fixed the instant it counts from. */
export interface DeadlineFact {
  key: string;
  status: string;
  active: boolean;
  onBreach: string;
  dueAt?: string;
}

// Deadlines counted from an instant the script gives (the arrest, the agreed return), so both runs
// compute the same due date; the others count from when a step happened, which differs by run.
const ANCHORED_DEADLINES = new Set(['formal-request', 'temporary-surrender-return']);

export interface CaseFacts {
  index: number;
  kind: string | null;
  caseId: string | null;
  stuck: boolean;
  stage: string | null;
  outcome: string | null;
  lastSeq: number | null;
  steps: StepFact[];
  /** Audit records the projection wrote for transitions (key caseId:seq). */
  transitionAudits: number;
  /** Reminder and escalation records. */
  deadlineAudits: number;
  /** Reads and refusals (these differ between runs: a client re-reads a case after an uncertain answer). */
  otherAudits: number;
  auditRecords: number;
  deadlines: DeadlineFact[];
  /** Reminders and escalations recorded (kind:deadline), in order. */
  deadlineEvents: string[];
  /** Notifications recorded for the case (kind>role@jurisdiction), sorted. */
  notifications: string[];
  /** The case's links (relation>kind of the linked case). */
  links: string[];
  /** The case a refusal opened (an art. 4 case), with its own facts. */
  linked: CaseFacts | null;
  workflow: { stage: string; seq: number; outcome: string | null } | { error: string } | null;
  runs: { runId: string; status: string }[];
  lateCreates: CaseResult['lateCreates'];
  /** Problems found in this run alone (each is a mismatch). */
  violations: string[];
}

export interface RunFacts {
  run: string;
  cases: CaseFacts[];
  verify: {
    status: number;
    ok: boolean | null;
    chainsChecked?: number;
    recordsChecked?: number;
    firstBroken?: unknown;
  };
  /** Chain-wide problems: duplicate idempotency keys, seq gaps, heads that do not match. */
  globalViolations: string[];
  totals: {
    caseSteps: number;
    auditRecords: number;
    transitionAudits: number;
    chains: number;
    openDeadlines: number;
    deadlineEvents: number;
    notifications: number;
  };
}

export async function collectFacts(
  run: string,
  databaseUrl: string,
  temporalAddress: string,
  namespace: string,
  results: CaseResult[],
  verify: RunFacts['verify'],
): Promise<RunFacts> {
  const pg = new PgClient({ connectionString: databaseUrl });
  // An error on the idle connection (the server stopping) must not take the process down.
  pg.on('error', () => undefined);
  await pg.connect();
  const connection = await Connection.connect({ address: temporalAddress });
  // The apps' payload keys (PAYLOAD_KEYS, inherited from this process): query results are encrypted.
  const temporal = new Client({ connection, namespace, dataConverter: dataConverterFromEnv() });
  try {
    const users = new Map<string, string>(
      (await pg.query<{ id: string; email: string }>(`SELECT id::text, email FROM users`)).rows.map((u) => [
        u.id,
        u.email,
      ]),
    );
    const cases: CaseFacts[] = [];
    const facts = (r: CaseResult) => caseFacts(pg, temporal, users, r);
    for (const r of results) cases.push(await facts(r));
    // A workflow that had not caught up yet (a projection still retrying) is given time and asked again.
    for (let pass = 0; pass < 4 && cases.some(needsRecheck); pass++) {
      await sleep(5_000);
      for (const [i, f] of cases.entries()) if (needsRecheck(f)) cases[i] = await facts(results[i]);
    }
    const globalViolations: string[] = [];
    const dupKeys = await pg.query(
      `SELECT idempotency_key, count(*)::int AS n FROM audit_records GROUP BY idempotency_key HAVING count(*) > 1 LIMIT 20`,
    );
    for (const d of dupKeys.rows)
      globalViolations.push(`audit idempotency key ${d.idempotency_key} appears ${d.n} times`);
    const gaps = await pg.query(
      `SELECT chain_key, seq, prev FROM (
         SELECT chain_key, seq, lag(seq) OVER (PARTITION BY chain_key ORDER BY seq) AS prev FROM audit_records) s
       WHERE (prev IS NULL AND seq <> 1) OR (prev IS NOT NULL AND seq <> prev + 1) LIMIT 20`,
    );
    for (const g of gaps.rows)
      globalViolations.push(`audit chain ${g.chain_key}: seq ${g.seq} follows ${g.prev ?? 'nothing'}`);
    const heads = await pg.query(
      `SELECT chain, head, last FROM (
         SELECT c.id::text AS chain, c.audit_seq AS head,
                (SELECT COALESCE(max(seq), 0) FROM audit_records a WHERE a.chain_key = c.id::text) AS last FROM cases c
         UNION ALL
         SELECT h.chain_key, h.audit_seq, (SELECT COALESCE(max(seq), 0) FROM audit_records a WHERE a.chain_key = h.chain_key)
         FROM audit_chain_heads h) x
       WHERE head <> last LIMIT 20`,
    );
    for (const h of heads.rows)
      globalViolations.push(`audit chain ${h.chain}: head at seq ${h.head}, last record ${h.last}`);
    const orphanSteps = await pg.query(
      `SELECT s.case_id::text AS id, s.seq FROM case_steps s
       WHERE NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.idempotency_key = s.case_id::text || ':' || s.seq) LIMIT 20`,
    );
    for (const o of orphanSteps.rows) globalViolations.push(`step ${o.id}:${o.seq} has no audit record`);
    if (verify.status !== 200 || verify.ok !== true) {
      globalViolations.push(
        `GET /audit/verify: status ${verify.status}, ok ${verify.ok}, firstBroken ${JSON.stringify(verify.firstBroken ?? null)}`,
      );
    }
    const [{ steps, audits, transitions, chains, open, events, notifications }] = (
      await pg.query(
        `SELECT (SELECT count(*)::int FROM case_steps) AS steps, (SELECT count(*)::int FROM audit_records) AS audits,
                (SELECT count(*)::int FROM audit_records a JOIN case_steps s ON a.idempotency_key = s.case_id::text || ':' || s.seq) AS transitions,
                (SELECT count(DISTINCT chain_key)::int FROM audit_records) AS chains,
                (SELECT count(*)::int FROM case_deadlines WHERE active AND status IN ('pending', 'reminded')) AS open,
                (SELECT count(*)::int FROM case_deadline_events) AS events,
                (SELECT count(*)::int FROM notifications) AS notifications`,
      )
    ).rows;
    return {
      run,
      cases,
      verify,
      globalViolations,
      totals: {
        caseSteps: steps,
        auditRecords: audits,
        transitionAudits: transitions,
        chains,
        openDeadlines: open,
        deadlineEvents: events,
        notifications,
      },
    };
  } finally {
    await pg.end().catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}

function needsRecheck(f: CaseFacts): boolean {
  return f.violations.some((v) => v.startsWith('workflow')) || (!!f.linked && needsRecheck(f.linked));
}

/** The facts of a case and of the case it opened, if the script followed one. */
async function caseFacts(
  pg: PgClient,
  temporal: Client,
  users: Map<string, string>,
  r: CaseResult,
): Promise<CaseFacts> {
  const f = await oneCaseFacts(pg, temporal, users, r);
  if (r.linkedCaseId) {
    f.linked = await oneCaseFacts(pg, temporal, users, {
      ...r,
      caseId: r.linkedCaseId,
      linkedCaseId: null,
      stuck: false,
      lateCreates: [],
    });
    f.violations.push(...f.linked.violations.map((v) => `linked case ${r.linkedCaseId}: ${v}`));
    if (!f.links.some((l) => l.startsWith('domestic_prosecution>')))
      f.violations.push(`no link to the case it opened (${JSON.stringify(f.links)})`);
  }
  return f;
}

async function oneCaseFacts(
  pg: PgClient,
  temporal: Client,
  users: Map<string, string>,
  r: CaseResult,
): Promise<CaseFacts> {
  const f: CaseFacts = {
    index: r.index,
    kind: null,
    caseId: r.caseId,
    stuck: r.stuck,
    stage: null,
    outcome: null,
    lastSeq: null,
    steps: [],
    transitionAudits: 0,
    deadlineAudits: 0,
    otherAudits: 0,
    auditRecords: 0,
    deadlines: [],
    deadlineEvents: [],
    notifications: [],
    links: [],
    linked: null,
    workflow: null,
    runs: [],
    lateCreates: r.lateCreates,
    violations: [],
  };
  if (r.stuck) f.violations.push(`client gave the case up: ${r.stuckAt}`);
  if (!r.caseId) return f;
  const id = r.caseId;
  const [row] = (
    await pg.query(`SELECT kind, stage, outcome, last_seq, audit_seq FROM cases WHERE id = $1`, [id])
  ).rows;
  if (!row) {
    f.violations.push('no case row');
    return f;
  }
  f.kind = row.kind;
  f.stage = row.stage;
  f.outcome = row.outcome;
  f.lastSeq = row.last_seq;
  f.steps = (
    await pg.query(
      `SELECT seq, action, from_stage, to_stage, outcome, actor_id::text AS actor FROM case_steps WHERE case_id = $1 ORDER BY seq`,
      [id],
    )
  ).rows.map((s) => ({
    seq: s.seq,
    action: s.action,
    fromStage: s.from_stage,
    toStage: s.to_stage,
    outcome: s.outcome,
    actor: s.actor ? (users.get(s.actor) ?? s.actor) : null,
  }));
  f.steps.forEach((s, i) => {
    if (s.seq !== i) f.violations.push(`step seq ${s.seq} at position ${i} (gap or duplicate)`);
  });
  if (f.steps.length !== row.last_seq + 1)
    f.violations.push(`${f.steps.length} steps but last_seq ${row.last_seq}`);
  const last = f.steps[f.steps.length - 1];
  if (last && (last.toStage !== row.stage || last.outcome !== row.outcome)) {
    f.violations.push(`case row says ${row.stage}/${row.outcome}, last step ${last.toStage}/${last.outcome}`);
  }
  const audits = (
    await pg.query(
      `SELECT seq, action, outcome, idempotency_key FROM audit_records WHERE chain_key = $1 ORDER BY seq`,
      [id.toLowerCase()],
    )
  ).rows as { seq: string; action: string; outcome: string; idempotency_key: string }[];
  f.auditRecords = audits.length;
  const transitions = new Map<number, string[]>();
  for (const a of audits) {
    const m = a.idempotency_key.match(/^[0-9a-f-]{36}:(\d+)$/i);
    if (m) {
      const seq = Number(m[1]);
      transitions.set(seq, [...(transitions.get(seq) ?? []), a.action]);
      f.transitionAudits += 1;
    } else if (a.action.startsWith('deadline.')) f.deadlineAudits += 1;
    else f.otherAudits += 1;
  }
  for (const s of f.steps) {
    const got = transitions.get(s.seq) ?? [];
    if (got.length !== 1 || got[0] !== `case.${s.action}`)
      f.violations.push(`step ${s.seq} (${s.action}) has audit records [${got.join(', ')}]`);
  }
  for (const seq of transitions.keys())
    if (seq > row.last_seq) f.violations.push(`audit record for step ${seq} beyond last_seq ${row.last_seq}`);
  audits.forEach((a, i) => {
    if (Number(a.seq) !== i + 1) f.violations.push(`audit chain seq ${a.seq} at position ${i + 1}`);
  });
  if (audits.length && Number(row.audit_seq) !== audits.length)
    f.violations.push(`audit head ${row.audit_seq}, ${audits.length} records`);

  f.deadlines = (
    await pg.query(
      `SELECT key, status, active, on_breach, due_at FROM case_deadlines WHERE case_id = $1 ORDER BY key`,
      [id],
    )
  ).rows.map((d) => ({
    key: d.key,
    status: d.status,
    active: d.active,
    onBreach: d.on_breach,
    ...(ANCHORED_DEADLINES.has(d.key) ? { dueAt: new Date(d.due_at).toISOString() } : {}),
  }));
  const events = (
    await pg.query(
      `SELECT kind, deadline_key, event_id FROM case_deadline_events WHERE case_id = $1 ORDER BY at, event_id`,
      [id],
    )
  ).rows;
  f.deadlineEvents = events.map((e) => `${e.kind}:${e.deadline_key}`);
  // One audit record per reminder or escalation, and the other way round.
  if (f.deadlineAudits !== events.length)
    f.violations.push(`${events.length} deadline events but ${f.deadlineAudits} deadline audit records`);
  f.notifications = (
    await pg.query(
      `SELECT kind, recipient_role, recipient_jurisdiction FROM notifications WHERE case_id = $1`,
      [id],
    )
  ).rows
    .map((n) => `${n.kind}>${n.recipient_role}@${n.recipient_jurisdiction}`)
    .sort();
  f.links = (
    await pg.query(
      `SELECT l.relation, c.kind FROM case_links l JOIN cases c ON c.id = l.linked_case_id WHERE l.case_id = $1`,
      [id],
    )
  ).rows
    .map((l) => `${l.relation}>${l.kind}`)
    .sort();

  // The workflow's own state must agree with its read model.
  const handle = temporal.workflow.getHandle(caseWorkflowId(id));
  try {
    const s: MlaSnapshot = await handle.query(getCaseStateQuery);
    f.workflow = { stage: s.stage, seq: s.seq, outcome: s.outcome };
    if (s.stage !== row.stage || s.seq - 1 !== row.last_seq || (s.outcome ?? null) !== row.outcome) {
      f.violations.push(
        `workflow says ${s.stage}/${s.outcome} seq ${s.seq}, read model ${row.stage}/${row.outcome} last_seq ${row.last_seq}`,
      );
    }
  } catch (err) {
    f.workflow = { error: err instanceof WorkflowNotFoundError ? 'not found' : (err as Error).message };
    f.violations.push(`workflow query failed: ${(f.workflow as { error: string }).error}`);
  }
  for await (const w of temporal.workflow.list({ query: `WorkflowId = '${caseWorkflowId(id)}'` })) {
    f.runs.push({ runId: w.runId, status: w.status.name });
  }
  const running = f.runs.filter((w) => w.status === 'RUNNING').length;
  const completed = f.runs.filter((w) => w.status === 'COMPLETED').length;
  const others = f.runs.filter((w) => !['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW'].includes(w.status));
  if (row.stage === 'closed' && running > 0)
    f.violations.push(`read model closed but ${running} run(s) still running: ${JSON.stringify(f.runs)}`);
  if (row.stage !== 'closed' && (running !== 1 || completed > 0))
    f.violations.push(`read model open but runs ${JSON.stringify(f.runs)}`);
  if (completed > 1 || others.length) f.violations.push(`runs ${JSON.stringify(f.runs)}`);
  return f;
}

export interface Comparison {
  mismatches: string[];
  compared: number;
}

/** Storm against control, case by case (by position in the script). */
export function compareRuns(control: RunFacts, storm: RunFacts): Comparison {
  const mismatches: string[] = [];
  const n = Math.max(control.cases.length, storm.cases.length);
  const seqOf = (f: CaseFacts) =>
    f.steps.map(
      (s) => `${s.action}:${s.fromStage ?? '-'}>${s.toStage}${s.outcome ? `/${s.outcome}` : ''}@${s.actor}`,
    );
  const compare = (i: number, c: CaseFacts, s: CaseFacts, prefix: string) => {
    const diff = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        mismatches.push(
          `case #${i} (${s.caseId}): ${prefix}${what}: control ${JSON.stringify(a)}, storm ${JSON.stringify(b)}`,
        );
    };
    diff('kind', c.kind, s.kind);
    diff('stage', c.stage, s.stage);
    diff('outcome', c.outcome, s.outcome);
    diff('timeline', seqOf(c), seqOf(s));
    diff('transition audit records', c.transitionAudits, s.transitionAudits);
    diff('deadline audit records', c.deadlineAudits, s.deadlineAudits);
    diff('deadlines', c.deadlines, s.deadlines);
    diff('deadline events', c.deadlineEvents, s.deadlineEvents);
    diff('notifications', c.notifications, s.notifications);
    diff('links', c.links, s.links);
    diff('workflow state', c.workflow, s.workflow);
    diff('late creates', c.lateCreates, s.lateCreates);
    diff(
      'run statuses',
      c.runs.map((r) => r.status),
      s.runs.map((r) => r.status),
    );
    if (c.linked && s.linked) compare(i, c.linked, s.linked, 'linked case: ');
    else diff('linked case', !!c.linked, !!s.linked);
  };
  for (let i = 0; i < n; i++) {
    const c = control.cases[i];
    const s = storm.cases[i];
    if (!c || !s) mismatches.push(`case #${i} missing in ${c ? 'storm' : 'control'}`);
    else compare(i, c, s, '');
  }
  return { mismatches, compared: n };
}
