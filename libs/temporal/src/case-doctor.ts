import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import {
  CASES_TASK_QUEUE,
  caseWorkflowId,
  getCaseStateQuery,
  MLA_WORKFLOW_TYPE,
  resyncUpdate,
  type MlaSnapshot,
} from '@comity/contracts';

// The operator's check that no case is wedged: every open case's workflow and read model agree
// on the stage and the last projected transition, and no workflow is stuck retrying a task or an
// activity. `npm run cases:doctor` prints the list and repairs or terminates one case, audited.

export type DisagreementKind =
  | 'stage'
  | 'transition'
  | 'workflow-closed'
  | 'workflow-missing'
  | 'case-missing'
  | 'failing-workflow-task'
  | 'failing-activity'
  | 'workflow-unresponsive';

export interface Disagreement {
  caseId: string;
  kind: DisagreementKind;
  detail: string;
}

interface CaseRow {
  id: string;
  stage: string;
  last_seq: string | number;
}

const CASE_ID_PREFIX = caseWorkflowId('');

// A query waits for a worker; with none polling, the case is reported instead of waited on.
const QUERY_TIMEOUT_MS = 10_000;

async function withinMs<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface DoctorScope {
  /** Only these cases (e.g. the ones a test suite opened); default: every case. */
  caseIds?: string[];
}

/** Every open case whose workflow and read model disagree, and every running case workflow without a case. */
export async function findDisagreements(
  client: Client,
  dataSource: DataSource,
  scope: DoctorScope = {},
): Promise<Disagreement[]> {
  const only = scope.caseIds ? new Set(scope.caseIds) : null;
  const rows: CaseRow[] = await dataSource.query(
    `SELECT id, stage, last_seq FROM cases WHERE stage <> 'closed' ORDER BY id`,
  );
  const found: Disagreement[] = [];
  for (const row of rows) if (!only || only.has(row.id)) found.push(...(await checkCase(client, row)));

  const known = new Set((await dataSource.query(`SELECT id FROM cases`)).map((r: { id: string }) => r.id));
  const running = client.workflow.list({
    query: `WorkflowType = '${MLA_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND TaskQueue = '${CASES_TASK_QUEUE}'`,
  });
  for await (const wf of running) {
    if (!wf.workflowId.startsWith(CASE_ID_PREFIX)) continue;
    const caseId = wf.workflowId.slice(CASE_ID_PREFIX.length);
    if (!known.has(caseId) && (!only || only.has(caseId))) {
      // A case whose first projection has not committed yet is not a disagreement; a stuck one is.
      const problems = await taskProblems(client, caseId);
      const ageMs = Date.now() - wf.startTime.getTime();
      if (problems.length || ageMs > 60_000) {
        found.push(
          {
            caseId,
            kind: 'case-missing',
            detail: `running for ${Math.round(ageMs / 1000)} s with no case in the read model`,
          },
          ...problems,
        );
      }
    }
  }
  return found;
}

async function checkCase(client: Client, row: CaseRow): Promise<Disagreement[]> {
  const handle = client.workflow.getHandle(caseWorkflowId(row.id));
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      return [{ caseId: row.id, kind: 'workflow-missing', detail: 'no workflow for an open case' }];
    throw err;
  }
  if (status !== 'RUNNING') {
    return [
      {
        caseId: row.id,
        kind: 'workflow-closed',
        detail: `workflow ${status.toLowerCase()} while the case is ${row.stage}`,
      },
    ];
  }
  const problems = await taskProblems(client, row.id);
  const s = await withinMs(handle.query(getCaseStateQuery), QUERY_TIMEOUT_MS);
  if (s === null) {
    return [
      ...problems,
      {
        caseId: row.id,
        kind: 'workflow-unresponsive',
        detail: `no answer to a query within ${QUERY_TIMEOUT_MS} ms (is a worker running?)`,
      },
    ];
  }
  const lastProjected = s.lastProjectedSeq ?? s.seq - 1;
  if (s.stage !== row.stage) {
    problems.push({
      caseId: row.id,
      kind: 'stage',
      detail: `workflow in ${s.stage}, read model in ${row.stage}`,
    });
  } else if (lastProjected !== Number(row.last_seq)) {
    problems.push({
      caseId: row.id,
      kind: 'transition',
      detail: `workflow projected ${lastProjected}, read model has ${row.last_seq}`,
    });
  }
  return problems;
}

// A workflow task or an activity that keeps failing: the case does not move until someone looks.
async function taskProblems(client: Client, caseId: string): Promise<Disagreement[]> {
  const { raw } = await client.workflow.getHandle(caseWorkflowId(caseId)).describe();
  const problems: Disagreement[] = [];
  const task = raw.pendingWorkflowTask;
  if (task && (task.attempt ?? 0) > 1) {
    problems.push({
      caseId,
      kind: 'failing-workflow-task',
      detail: `workflow task on attempt ${task.attempt}`,
    });
  }
  for (const activity of raw.pendingActivities ?? []) {
    if ((activity.attempt ?? 0) > 1) {
      problems.push({
        caseId,
        kind: 'failing-activity',
        detail: `${activity.activityType?.name ?? 'activity'} on attempt ${activity.attempt}: ${activity.lastFailure?.message ?? ''}`,
      });
    }
  }
  return problems;
}

/** Re-projects a case's current state from its workflow (audited by the projection, with the reason). */
export async function repairCase(client: Client, caseId: string, reason: string): Promise<MlaSnapshot> {
  return client.workflow
    .getHandle(caseWorkflowId(caseId))
    .executeUpdate(resyncUpdate, { args: [{ reason }] });
}

/**
 * Ends a case that cannot be repaired: terminates its workflow and closes its read model, with an
 * audited record of who did it and why. The case keeps its history; its outcome stays empty.
 */
export async function terminateCase(
  client: Client,
  dataSource: DataSource,
  caseId: string,
  reason: string,
  operator: string,
): Promise<void> {
  const handle = client.workflow.getHandle(caseWorkflowId(caseId));
  try {
    await handle.terminate(`cases:doctor by ${operator}: ${reason}`);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  const at = new Date();
  await dataSource.transaction(async (em) => {
    const [row] = await em.query(`SELECT last_seq FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    if (!row) return;
    const seq = Number(row.last_seq) + 1;
    await em.query(
      `INSERT INTO case_steps (case_id, seq, from_stage, to_stage, outcome, action, actor_id, reason, at, details)
       SELECT id, $2, stage, 'closed', NULL, 'terminate', NULL, $3, $4, $5 FROM cases WHERE id = $1
       ON CONFLICT (case_id, seq) DO NOTHING`,
      [caseId, seq, reason, at, JSON.stringify({ operator })],
    );
    await new AuditWriter().appendWithCaseUpdate(
      em,
      {
        set: `stage = 'closed', last_seq = $2, updated_at = $3, closed_at = $3, next_due_at = NULL,
              holder_role = NULL, holder_side = NULL, holder_jurisdiction = NULL, holder_authority_id = NULL`,
        where: 'id = $1::uuid',
        params: [caseId, seq, at],
      },
      {
        caseId,
        action: 'case.terminate',
        actorId: null,
        details: { seq, operator, reason },
        idempotencyKey: `${caseId}:terminate`,
        occurredAt: at,
      },
    );
    await em.query(
      `UPDATE case_deadlines SET active = false, updated_at = $2 WHERE case_id = $1 AND active`,
      [caseId, at],
    );
  });
}

/** The cases whose workflows run (or ran) on the platform's task queue: what the api opened. */
export async function casesOnTaskQueue(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({
    query: `WorkflowType = '${MLA_WORKFLOW_TYPE}' AND TaskQueue = '${CASES_TASK_QUEUE}'`,
  })) {
    if (wf.workflowId.startsWith(CASE_ID_PREFIX)) ids.push(wf.workflowId.slice(CASE_ID_PREFIX.length));
  }
  return ids;
}
