// The fault storm's clients: they drive each case of the script over HTTP as a careful real
// client would while the platform is being crashed under them. A request that may or may not
// have been applied (connection error, 502/503/504, timeout) is retried; POST /cases with the
// same Idempotency-Key, an action only after re-reading the case: if its timeline already shows
// the action, it is not sent again. Anything else unexpected is recorded as an anomaly with the
// evidence (case, step, status, body).
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from '@comity/auth';
import { shareSupportingDocuments } from './storm-documents';
import type { CasePlan, Step, Who } from './storm-plan';
import { sleep, StuckError } from './storm-infra';

export interface TimelineEntry {
  seq: number;
  action: string;
  fromStage: string | null;
  toStage: string;
  outcome: string | null;
  details?: Record<string, unknown>;
}
export interface CaseDetail {
  id: string;
  stage: string;
  outcome: string | null;
  timeline: TimelineEntry[];
  deadlines: { key: string; status: string; active: boolean; dueAt: string }[];
}

export interface Anomaly {
  run: string;
  caseIndex: number | null;
  caseId: string | null;
  step: string;
  what: string;
  status?: number;
  body?: string;
  /** The x-request-id the client sent, to find the request in the api's log. */
  requestId?: string;
  /** The api's logged error for that request, when there is one. */
  logged?: string;
  at: string;
}

export interface ClientStats {
  requests: number;
  /** Steps completed (applied or found applied, or skipped by the script's own condition). */
  steps: number;
  skippedSteps: number;
  /** Requests sent again after a connection error, 502/503/504 or a timeout. */
  retries: number;
  retryReasons: Record<string, number>;
  /** Actions whose outcome was uncertain and that were found already applied on re-reading the case. */
  foundApplied: number;
  /** Actions answered 409 (or 422 for an extension) after a retry, whose first attempt had applied. */
  conflictAfterRetryApplied: number;
  /** Same-stage actions re-sent after waiting SETTLE_MS without seeing the first attempt applied. */
  resentAfterSettle: number;
  relogins: number;
  anomalies: Anomaly[];
  stuckCases: number;
}

export function newStats(): ClientStats {
  return {
    requests: 0,
    steps: 0,
    skippedSteps: 0,
    retries: 0,
    retryReasons: {},
    foundApplied: 0,
    conflictAfterRetryApplied: 0,
    resentAfterSettle: 0,
    relogins: 0,
    anomalies: [],
    stuckCases: 0,
  };
}

type Outcome =
  | { kind: 'http'; status: number; body: unknown; text: string; requestId: string }
  | {
      kind: 'retryable';
      reason: string;
      status?: number;
      text?: string;
      requestId: string;
      retryAfterMs?: number;
    };

const RETRYABLE_STATUS = new Set([502, 503, 504]);

export interface ClientOptions {
  baseUrl: string;
  run: string;
  timeoutMs: number;
  /** How long a same-stage action whose first attempt is uncertain waits to see it applied before it is sent again. */
  settleMs: number;
  /** How long a step may keep failing before its case is given up as stuck. */
  stepBudgetMs: number;
}

export class StormClient {
  readonly stats = newStats();
  private readonly tokens = new Map<string, Promise<string>>();
  private sent = 0;

  constructor(private readonly o: ClientOptions) {}

  anomaly(a: Omit<Anomaly, 'run' | 'at'>): void {
    this.stats.anomalies.push({ ...a, run: this.o.run, at: new Date().toISOString() });
  }

  private retryable(reason: string): void {
    this.stats.retries += 1;
    this.stats.retryReasons[reason] = (this.stats.retryReasons[reason] ?? 0) + 1;
  }

  /** One attempt, classified. */
  private async once(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Outcome> {
    this.stats.requests += 1;
    const requestId = `storm-${this.o.run}-${++this.sent}`;
    let res: Response;
    // A multipart form (a document upload) carries its own content type and boundary.
    const json = body !== undefined && !(body instanceof FormData);
    try {
      res = await fetch(`${this.o.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(json ? { 'content-type': 'application/json' } : {}),
          'x-request-id': requestId,
          ...headers,
        },
        body: json ? JSON.stringify(body) : (body as FormData | undefined),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? 'timeout' : `connection:${e.cause?.code ?? e.message}`;
      return { kind: 'retryable', reason, requestId };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      return { kind: 'retryable', reason: `connection:body:${(err as Error).name}`, requestId };
    }
    if (RETRYABLE_STATUS.has(res.status)) {
      // Retry-After (seconds) is honoured, within reason.
      const after = Number(res.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(after) && after > 0 ? Math.min(after, 30) * 1000 : undefined;
      return {
        kind: 'retryable',
        reason: `http:${res.status}`,
        status: res.status,
        text,
        requestId,
        retryAfterMs,
      };
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { kind: 'http', status: res.status, body: parsed, text, requestId };
  }

  async token(email: string, fresh = false): Promise<string> {
    if (fresh) {
      this.tokens.delete(email);
      this.stats.relogins += 1;
    }
    let t = this.tokens.get(email);
    if (!t) {
      t = this.login(email);
      this.tokens.set(email, t);
      t.catch(() => this.tokens.delete(email));
    }
    return t;
  }

  private async login(email: string): Promise<string> {
    const deadline = Date.now() + this.o.stepBudgetMs;
    const password = email.endsWith(`@${DEMO_EMAIL_DOMAIN}`) ? DEMO_PASSWORD : ADMIN_PASSWORD;
    for (let attempt = 0; ; attempt++) {
      const out = await this.once('POST', '/auth/login', {}, { email, password });
      if ((out.kind === 'http' && out.status === 200) || (out.kind === 'http' && out.status === 201)) {
        return `Bearer ${(out.body as { accessToken: string }).accessToken}`;
      }
      if (out.kind === 'http') {
        this.anomaly({
          caseIndex: null,
          caseId: null,
          step: `login ${email}`,
          what: 'login failed',
          status: out.status,
          body: out.text.slice(0, 500),
        });
      } else this.retryable(out.reason);
      if (Date.now() > deadline) throw new Error(`login ${email} kept failing`);
      await backoff(attempt);
    }
  }

  /** One attempt as `email` (after a new login on 401), classified; retryable outcomes are counted as retries. */
  async attempt(
    email: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Outcome> {
    let out = await this.once(method, path, { authorization: await this.token(email), ...headers }, body);
    if (out.kind === 'http' && out.status === 401) {
      out = await this.once(method, path, { authorization: await this.token(email, true), ...headers }, body);
    }
    if (out.kind === 'retryable') this.retryable(out.reason);
    return out;
  }

  /**
   * A request that is safe to repeat (a read, or a create with its Idempotency-Key), retried on
   * connection errors, 502/503/504 and timeouts until it gets another answer.
   */
  async request(
    email: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; text: string; requestId: string }> {
    const deadline = Date.now() + this.o.stepBudgetMs;
    for (let attempt = 0; ; attempt++) {
      const out = await this.attempt(email, method, path, body, headers);
      if (out.kind === 'http') return out;
      if (Date.now() > deadline) throw new StuckError(`${method} ${path} kept failing (${out.reason})`);
      await backoff(attempt, out.retryAfterMs);
    }
  }

  /** Whether the api takes personsConcerned as a list of persons (else as text), from its OpenAPI document. */
  personsAsList = false;

  async detectDraftShape(): Promise<void> {
    const res = await fetch(`${this.o.baseUrl}/api/docs-json`);
    const doc = (await res.json()) as {
      components?: { schemas?: Record<string, { properties?: Record<string, { type?: string }> }> };
    };
    this.personsAsList = doc.components?.schemas?.DraftDto?.properties?.personsConcerned?.type === 'array';
  }

  /** A draft of the script in the shape the api takes. */
  draft(d: Record<string, unknown>): Record<string, unknown> {
    if (!this.personsAsList || typeof d.personsConcerned !== 'string') return d;
    return { ...d, personsConcerned: [{ name: d.personsConcerned }] };
  }

  get budgetMs(): number {
    return this.o.stepBudgetMs;
  }

  /** The case as `email` reads it; any answer but 200 is told to `note` and gives null. */
  async getCase(email: string, caseId: string, note?: Note): Promise<CaseDetail | null> {
    const res = await this.request(email, 'GET', `/cases/${caseId}`);
    if (res.status === 200) return res.body as CaseDetail;
    note?.(`re-reading the case answered ${res.status}`, res.status, res.text, res.requestId);
    return null;
  }

  async adminVerify(adminEmail: string): Promise<{ status: number; body: unknown }> {
    return this.request(adminEmail, 'GET', '/audit/verify');
  }
}

export const ADMIN_EMAIL = 'admin@storm.local';
export const ADMIN_PASSWORD = 'Storm-admin-password-2026!';

function backoff(attempt: number, retryAfterMs?: number): Promise<void> {
  if (retryAfterMs) return sleep(retryAfterMs);
  const base = Math.min(5000, 200 * 2 ** Math.min(attempt, 5));
  return sleep(base / 2 + Math.random() * base);
}

export function emailOf(who: Who, plan: CasePlan): string {
  const cc = (who.startsWith('foreign') ? plan.requestedState : plan.requestingState).toLowerCase();
  const login =
    who === 'prosecutor' ? 'prosecutor' : who === 'central' || who === 'foreign' ? 'central' : 'supervisor';
  return `${login}.${cc}@${DEMO_EMAIL_DOMAIN}`;
}

/** What a client saw of one case: its id, how the script ended, and the case it opened, if any. */
export interface CaseResult {
  index: number;
  caseId: string | null;
  /** The case a refusal opened (an art. 4 case), once the script has followed the link. */
  linkedCaseId: string | null;
  stuck: boolean;
  stuckAt: string | null;
  /** The answers to the late creates (POST /cases again after closure): status, same id?, stage. */
  lateCreates: { status: number; sameId: boolean; stage: string | null }[];
  skipped: string[];
}

/** The case the script is acting on: its id, the case as last read, and the highest timeline seq seen in any reader's view. */
export interface Cursor {
  id: string;
  last: CaseDetail | null;
  maxSeq: number;
}

export function see(cur: Cursor, d: CaseDetail): void {
  cur.last = d;
  for (const e of d.timeline ?? []) cur.maxSeq = Math.max(cur.maxSeq, e.seq);
}

function describe(step: Step): string {
  switch (step.op) {
    case 'act':
      return step.action;
    case 'edit':
      return 'edit_draft';
    case 'extend':
      return 'extend_deadline';
    case 'await_stage':
      return `await ${step.stage}`;
    default:
      return step.op;
  }
}

export type Note = (what: string, status?: number, body?: string, requestId?: string) => void;

/** Drives one case through its script. Never throws: a case that cannot go on is marked stuck. */
export async function driveCase(c: StormClient, plan: CasePlan, settleMs: number): Promise<CaseResult> {
  const result: CaseResult = {
    index: plan.index,
    caseId: null,
    linkedCaseId: null,
    stuck: false,
    stuckAt: null,
    lateCreates: [],
    skipped: [],
  };
  let cur: Cursor = { id: '', last: null, maxSeq: -1 };
  const prosecutor = emailOf('prosecutor', plan);
  const createBody = {
    kind: plan.kind,
    requestedState: plan.requestedState,
    internalReview: plan.internalReview,
    draft: c.draft(plan.createDraft),
  };
  const createHeaders = { 'Idempotency-Key': plan.idempotencyKey };
  const skip = (label: string) => {
    result.skipped.push(label);
    c.stats.skippedSteps += 1;
  };
  for (const [i, step] of plan.steps.entries()) {
    const label = `#${i} ${describe(step)}`;
    const note: Note = (what, status, body, requestId) =>
      c.anomaly({
        caseIndex: plan.index,
        caseId: cur.id || result.caseId,
        step: label,
        what,
        status,
        body: body?.slice(0, 800),
        requestId,
      });
    const act = (email: string, method: string, path: string, body: unknown, action: string) =>
      applyAction(c, cur, label, email, method, `/cases/${cur.id}${path}`, body, action, settleMs, note);
    try {
      switch (step.op) {
        case 'create': {
          const once = () => createCase(c, prosecutor, createBody, createHeaders, note);
          const answers = step.twice ? await Promise.all([once(), once()]) : [await once()];
          if (answers.some((a) => a.id !== answers[0].id))
            note(
              `two creates with one Idempotency-Key gave two cases: ${answers.map((a) => a.id).join(', ')}`,
            );
          result.caseId = answers[0].id;
          cur = { id: answers[0].id, last: null, maxSeq: -1 };
          see(cur, answers[0]);
          break;
        }
        case 'late_create': {
          const res = await c.request(prosecutor, 'POST', '/cases', createBody, createHeaders);
          const body = res.body as Partial<CaseDetail>;
          result.lateCreates.push({
            status: res.status,
            sameId: body?.id === result.caseId,
            stage: body?.stage ?? null,
          });
          if (res.status !== 201 || body?.id !== result.caseId)
            note(
              'late create with the same Idempotency-Key did not return the same case',
              res.status,
              res.text,
              res.requestId,
            );
          break;
        }
        case 'edit':
          await act(prosecutor, 'PATCH', '/draft', c.draft(step.draft), 'edit_draft');
          break;
        case 'extend': {
          const open = cur.last!.deadlines.find(
            (d) => d.active && (d.status === 'pending' || d.status === 'reminded'),
          );
          if (!open) {
            skip(label);
            break;
          }
          const body = {
            deadlineKey: open.key,
            newDueAt: step.newDueAt,
            reason: `Court recess (case ${plan.index})`,
          };
          await act(emailOf(step.who, plan), 'POST', '/actions/extend_deadline', body, 'extend_deadline');
          break;
        }
        case 'act':
          if (step.onlyInStage && cur.last!.stage !== step.onlyInStage) {
            skip(label);
            break;
          }
          await act(emailOf(step.who, plan), 'POST', `/actions/${step.action}`, step.body, step.action);
          break;
        case 'documents':
          await shareSupportingDocuments(
            c,
            cur.id,
            emailOf('prosecutor', plan),
            emailOf('central', plan),
            settleMs,
            note,
          );
          break;
        case 'await_stage': {
          const email = emailOf(step.who, plan);
          const until = Date.now() + c.budgetMs;
          for (;;) {
            const d = await c.getCase(email, cur.id, note);
            if (d) see(cur, d);
            if (d?.stage === step.stage) break;
            if (Date.now() > until)
              throw new StuckError(`the case never reached ${step.stage} (still ${d?.stage})`);
            await sleep(1000);
          }
          break;
        }
        case 'follow_link': {
          // The refusal's timeline entry names the case it opened.
          const linked = cur.last?.timeline.findLast((e) => typeof e.details?.linkedCaseId === 'string')
            ?.details?.linkedCaseId as string | undefined;
          if (!linked) throw new StuckError('no linked case on the timeline');
          result.linkedCaseId = linked;
          cur = { id: linked, last: null, maxSeq: -1 };
          // The child workflow writes its first step shortly after the refusal.
          const until = Date.now() + c.budgetMs;
          for (;;) {
            const res = await c.request(prosecutor, 'GET', `/cases/${linked}`);
            if (res.status === 200) {
              see(cur, res.body as CaseDetail);
              break;
            }
            if (res.status !== 404 || Date.now() > until)
              throw new StuckError(`the linked case answered ${res.status}`);
            await sleep(1000);
          }
          break;
        }
      }
      c.stats.steps += 1;
    } catch (err) {
      result.stuck = true;
      result.stuckAt = `${label}: ${(err as Error).message}`;
      c.stats.stuckCases += 1;
      note(`case given up: ${(err as Error).message}`);
      return result;
    }
  }
  return result;
}

async function createCase(
  c: StormClient,
  prosecutor: string,
  body: unknown,
  headers: Record<string, string>,
  note: Note,
): Promise<CaseDetail> {
  for (let attempt = 0; attempt < 12; attempt++) {
    const res = await c.request(prosecutor, 'POST', '/cases', body, headers);
    if (res.status === 201) return res.body as CaseDetail;
    // Not a retryable answer, but the same key makes another try safe: record it and try again.
    note('POST /cases answered neither 201 nor a retryable status', res.status, res.text, res.requestId);
    await sleep(500 * (attempt + 1));
  }
  throw new StuckError('POST /cases kept failing');
}

// Actions that leave the case in its stage: the workflow cannot refuse a repeat of one, so a
// repeat would apply twice.
const SAME_STAGE_ACTIONS = new Set([
  'edit_draft',
  'record_partial_response',
  'extend_deadline',
  'record_transmission_details',
]);

/**
 * Applies one action (or a draft edit) exactly once. After an uncertain attempt the case is read
 * again: an action whose stage change already shows in the timeline is not sent again. A
 * stage-changing action is safely re-sent at once (the workflow refuses a second one with 409,
 * after which the timeline must show the first); a same-stage one (draft edit, partial response,
 * extension, transmission details) is re-sent only after waiting `settleMs` without seeing the
 * first attempt land.
 */
async function applyAction(
  c: StormClient,
  cur: Cursor,
  label: string,
  email: string,
  method: string,
  path: string,
  body: unknown,
  action: string,
  settleMs: number,
  note: Note,
): Promise<void> {
  // Each reader sees only the timeline entries of its own side (and shared ones), so an action is
  // recognised by its sequence number: any entry after the last one seen so far is new.
  const before = cur.maxSeq;
  const sameStage = SAME_STAGE_ACTIONS.has(action);
  const fresh = (d: CaseDetail) => d.timeline.filter((e) => e.seq > before && e.action === action);
  const applied = (d: CaseDetail | null) => !!d && fresh(d).length > 0;
  // Read back as the one who acts: they see their own side's entries.
  const reread = async () => {
    const d = await c.getCase(email, cur.id, note);
    if (d) see(cur, d);
    return d;
  };
  // Waits for an uncertain attempt to show on the timeline; true once it does.
  const waitApplied = async (ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    for (;;) {
      if (applied(await reread())) return true;
      if (Date.now() > until) return false;
      await sleep(1000);
    }
  };
  let uncertain = false;
  let unexpected = 0;
  const deadline = Date.now() + c.budgetMs;
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > deadline) throw new StuckError(`${action} kept failing`);
    const res = await c.attempt(email, method, path, body);
    if (res.kind === 'retryable') {
      // It may have been applied: look before sending it again.
      uncertain = true;
      await backoff(attempt, res.retryAfterMs);
      if (sameStage) {
        // Sending it again could apply it twice: wait for the first attempt to show.
        if (await waitApplied(settleMs)) {
          c.stats.foundApplied += 1;
          return;
        }
        c.stats.resentAfterSettle += 1;
      } else if (applied(await reread())) {
        c.stats.foundApplied += 1;
        return;
      }
      continue;
    }
    if (res.status === 200) {
      const d = res.body as CaseDetail;
      see(cur, d);
      const brief = (es: TimelineEntry[]) =>
        JSON.stringify(
          es.map(({ seq, action: a, fromStage, toStage }) => ({ seq, action: a, fromStage, toStage })),
        );
      if (!applied(d)) {
        note(
          `answered 200 but the timeline shows no ${action} after seq ${before}`,
          res.status,
          brief(d.timeline.filter((e) => e.seq >= before - 1)),
          res.requestId,
        );
      } else if (fresh(d).length > 1) {
        note(
          `${fresh(d).length} ${action} entries for one ${action}`,
          res.status,
          brief(fresh(d)),
          res.requestId,
        );
      }
      return;
    }
    const refusedRepeat = res.status === 409 || (action === 'extend_deadline' && res.status === 422);
    if (refusedRepeat && uncertain) {
      // The first attempt may have applied: the timeline must show it (the projection may lag).
      if (await waitApplied(180_000)) {
        c.stats.conflictAfterRetryApplied += 1;
        return;
      }
      note(
        `answered ${res.status} after a retry, but the timeline never showed ${action}`,
        res.status,
        res.text,
        res.requestId,
      );
      throw new StuckError(`${action} refused and not applied`);
    }
    if (res.status === 500 || res.status === 404) {
      // Not a status a client retries, but recorded, and retried like an uncertain answer so the case can go on.
      note(`unexpected ${res.status}`, res.status, res.text, res.requestId);
      uncertain = true;
      if (++unexpected > 10) throw new StuckError(`${action} kept answering ${res.status}`);
      await sleep(1000 * unexpected);
      if (sameStage ? await waitApplied(settleMs) : applied(await reread())) {
        c.stats.foundApplied += 1;
        return;
      }
      continue;
    }
    note(`unexpected ${res.status}`, res.status, res.text, res.requestId);
    throw new StuckError(`${action} answered ${res.status}`);
  }
}
