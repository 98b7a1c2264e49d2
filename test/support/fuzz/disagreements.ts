// The fuzzer's view of the doctor (libs/temporal case-doctor): every open case of the given
// authorities whose workflow and read model disagree. On a database other tests share (npm test),
// `requestingAuthorityIds` limits the check to the fuzzer's own cases: other tests insert case
// rows that have no workflow on purpose. A disagreement seen once may be a transition in flight;
// `settledDisagreements` re-checks until it goes away.
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { findDisagreements } from '@comity/temporal';

export interface Disagreement {
  caseId: string;
  what: string;
}

export interface DisagreementOptions {
  /** Only the cases these authorities requested (default: every case). */
  requestingAuthorityIds?: string[];
}

export async function findCaseDisagreements(
  ds: DataSource,
  client: Client,
  o: DisagreementOptions = {},
): Promise<Disagreement[]> {
  const caseIds = o.requestingAuthorityIds
    ? (
        await ds.query(`SELECT id FROM cases WHERE requesting_authority_id = ANY($1::uuid[])`, [
          o.requestingAuthorityIds,
        ])
      ).map((r: { id: string }) => r.id)
    : undefined;
  const found = await findDisagreements(client, ds, caseIds ? { caseIds } : {});
  return found.map((d) => ({ caseId: d.caseId, what: `${d.kind}: ${d.detail}` }));
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
