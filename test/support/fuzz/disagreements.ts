// STAND-IN for the lead's disagreement check (issue #10): swap `findDisagreementsMinimal` for the
// real function once it exists; the fuzz test and script call only this one export.
//
// A minimal check that the read model and the workflows agree:
// - for every open case row (stage <> 'closed'): the workflow runs, its getCaseState query
//   answers with the row's stage and seq - 1 = the row's last_seq, its describe() shows no
//   workflow task retried (attempt > 1) and no activity retried `activityAttempts` times or more
//   (a projection that keeps failing: the row can never catch up);
// - every case workflow on the cases task queue started since `since` that is still running has
//   a case row.
// On a database other tests share (npm test), `requestingAuthorityIds` limits the rows checked to
// the fuzzer's own cases: other tests insert case rows that have no workflow on purpose.
// A disagreement seen once may be a transition in flight; `settle` re-checks until it goes away.
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { CASES_TASK_QUEUE, caseWorkflowId, getCaseStateQuery, MLA_WORKFLOW_TYPE } from '@comity/contracts';

export interface Disagreement {
  caseId: string;
  what: string;
}

export interface DisagreementOptions {
  /** Also look for running workflows started since then that have no case row. */
  since?: Date;
  /** Only the open cases these authorities requested (default: every open case). */
  requestingAuthorityIds?: string[];
  /** Pending activities at this attempt or later count as stuck (default 3). */
  activityAttempts?: number;
  /** Per Temporal call (default 5 s). */
  callTimeoutMs?: number;
  concurrency?: number;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)),
    ),
  ]);
}

async function eachLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export async function findDisagreementsMinimal(
  ds: DataSource,
  client: Client,
  o: DisagreementOptions = {},
): Promise<Disagreement[]> {
  const ms = o.callTimeoutMs ?? 5_000;
  const stuckAt = o.activityAttempts ?? 3;
  const found: Disagreement[] = [];
  const rows: { id: string; stage: string; last_seq: number }[] = await ds.query(
    `SELECT id, stage, last_seq FROM cases
     WHERE stage <> 'closed' AND ($1::uuid[] IS NULL OR requesting_authority_id = ANY($1::uuid[]))`,
    [o.requestingAuthorityIds ?? null],
  );
  await eachLimited(rows, o.concurrency ?? 8, async (row) => {
    const handle = client.workflow.getHandle(caseWorkflowId(row.id));
    try {
      const d = await within(handle.describe(), ms, 'describe');
      if (d.status.name !== 'RUNNING') {
        found.push({
          caseId: row.id,
          what: `the row is open (${row.stage}) but the workflow is ${d.status.name}`,
        });
        return;
      }
      const task = d.raw.pendingWorkflowTask;
      if (task && (task.attempt ?? 1) > 1)
        found.push({ caseId: row.id, what: `workflow task retried (attempt ${task.attempt})` });
      for (const a of d.raw.pendingActivities ?? []) {
        if ((a.attempt ?? 1) >= stuckAt) {
          found.push({
            caseId: row.id,
            what: `activity ${a.activityType?.name} retried ${a.attempt} times: ${a.lastFailure?.message ?? ''}`.trim(),
          });
        }
      }
      const s = await within(handle.query(getCaseStateQuery), ms, 'getCaseState');
      if (s.stage !== row.stage || s.seq - 1 !== Number(row.last_seq)) {
        found.push({
          caseId: row.id,
          what: `workflow ${s.stage}/seq ${s.seq} vs row ${row.stage}/last_seq ${row.last_seq}`,
        });
      }
    } catch (e) {
      found.push({
        caseId: row.id,
        what: `the workflow of an open case did not answer: ${(e as Error).message}`,
      });
    }
  });

  if (o.since) {
    const query =
      `WorkflowType = '${MLA_WORKFLOW_TYPE}' AND TaskQueue = '${CASES_TASK_QUEUE}' AND ExecutionStatus = 'Running' ` +
      `AND StartTime >= '${o.since.toISOString()}'`;
    const orphans: string[] = [];
    for await (const wf of client.workflow.list({ query })) {
      const caseId = wf.workflowId.replace(/^case\//, '');
      if (/^[0-9a-f-]{36}$/i.test(caseId)) orphans.push(caseId);
    }
    if (orphans.length) {
      // Any row, open or closed, of any authority: only a missing row makes an orphan.
      const present: { id: string }[] = await ds.query(`SELECT id FROM cases WHERE id = ANY($1::uuid[])`, [
        orphans,
      ]);
      const have = new Set(present.map((p) => p.id));
      await eachLimited(
        orphans.filter((id) => !have.has(id)),
        o.concurrency ?? 8,
        async (caseId) => {
          let detail = '';
          try {
            const d = await within(
              client.workflow.getHandle(caseWorkflowId(caseId)).describe(),
              ms,
              'describe',
            );
            detail = (d.raw.pendingActivities ?? [])
              .map(
                (a) =>
                  `; activity ${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? ''}`,
              )
              .join('');
          } catch (e) {
            detail = `; describe failed: ${(e as Error).message}`;
          }
          found.push({ caseId, what: `a running case workflow has no case row${detail}` });
        },
      );
    }
  }
  return found;
}

/** Re-checks until no disagreement is left or `withinMs` has passed; returns those that stayed. */
export async function settledDisagreements(
  check: () => Promise<Disagreement[]>,
  withinMs = 15_000,
): Promise<Disagreement[]> {
  const deadline = Date.now() + withinMs;
  let last = await check();
  while (last.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    last = await check();
  }
  return last;
}
