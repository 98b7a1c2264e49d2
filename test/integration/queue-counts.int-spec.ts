import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthUser, AuthorityKind, Role } from '../../libs/auth/src';
import { QueueService } from '../../apps/api/src/work/queue.service';
import { prng } from '../../scripts/prng';
import { createAuthority, createUser, type TestAuthority } from '../support/auth';
import { caseScripts, deadline } from '../support/hand-built-cases';
import { isolatedDatabase } from '../support/isolated-database';

// GET /queue's counts come from queue_counts, a summary a trigger on cases keeps (migration
// QueueCounts). They must equal hand counts, and counting the cases themselves (the service's
// 'raw' counts, the query the summary replaced) for every caller's scope, after every kind of
// change, and stay exact when many transactions move cases at once.

interface CaseRow {
  requestingState: string;
  requestedState: string;
  requestingAuthorityId?: string | null;
  holderRole: Role;
  holderJurisdiction: string;
  holderAuthorityId?: string | null;
  transmitted?: boolean;
  overdue?: boolean;
  legalDue?: boolean;
  urgent?: boolean;
  assignee?: string | null;
  sealed?: boolean;
  closed?: boolean;
}

async function insertCase(ds: DataSource, c: CaseRow): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq, requesting_authority_id,
                        holder_role, holder_jurisdiction, holder_authority_id, transmitted_at, overdue, legal_due_at,
                        urgent, next_due_at, holder_assignee_id, sealed, closed_at)
     VALUES ($1, 'mla', $2, $3, 'central_authority_review', 0, $4, $5, $6, $7, CASE WHEN $8 THEN now() END, $9,
             CASE WHEN $10 THEN now() + interval '9 days' END, $11, now() + interval '3 days', $12, $13,
             CASE WHEN $14 THEN now() END)`,
    [
      id,
      c.requestingState,
      c.requestedState,
      c.requestingAuthorityId ?? null,
      c.holderRole,
      c.holderJurisdiction,
      c.holderAuthorityId ?? null,
      c.transmitted ?? false,
      c.overdue ?? false,
      c.legalDue ?? false,
      c.urgent ?? false,
      c.assignee ?? null,
      c.sealed ?? false,
      c.closed ?? false,
    ],
  );
  return id;
}

// Every key of the summary (counters plus pending changes) against the cases grouped by the same key.
async function summaryMismatches(ds: DataSource): Promise<number> {
  const key = `holder_jurisdiction, holder_role, holder_authority_id, requesting_state, requested_state,
               requesting_authority_id, transmitted, holder_assignee_id, queue_tier`;
  const [{ n }] = await ds.query(`
    WITH raw AS (
      SELECT holder_jurisdiction, holder_role, holder_authority_id, requesting_state, requested_state,
             requesting_authority_id, transmitted_at IS NOT NULL AS transmitted, holder_assignee_id, queue_tier,
             count(*)::bigint AS n
      FROM cases WHERE closed_at IS NULL AND holder_role IS NOT NULL AND holder_jurisdiction IS NOT NULL AND NOT sealed
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
    summary AS (
      SELECT ${key}, sum(n)::bigint AS n
      FROM (SELECT ${key}, n FROM queue_counts UNION ALL SELECT ${key}, delta FROM queue_count_changes) s
      GROUP BY ${key} HAVING sum(n) <> 0)
    SELECT count(*)::int AS n FROM ((SELECT * FROM raw EXCEPT ALL SELECT * FROM summary)
                                    UNION ALL (SELECT * FROM summary EXCEPT ALL SELECT * FROM raw)) d`);
  return n;
}

function authUser(id: string, authority: TestAuthority, roles: Role[]): AuthUser {
  return {
    id,
    kind: 'user',
    authorityId: authority.id,
    authorityKind: authority.kind as AuthorityKind,
    jurisdiction: authority.jurisdiction,
    roles,
    via: 'password',
    sessionId: null,
  };
}

describe('queue counts summary against counting the cases', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let queue: QueueService;
  const counts = async (u: AuthUser) => (await queue.page(u, { limit: 1 })).counts;

  beforeAll(async () => {
    ({ dataSource: ds, drop } = await isolatedDatabase(12));
    queue = new QueueService(ds);
  });
  afterAll(() => drop());

  describe('on a hand-built set', () => {
    const ids: Record<string, string> = {};
    const who: Record<string, AuthUser> = {};

    beforeAll(async () => {
      const [officeA, officeB, hnCa, otherHnCa, usCa] = await Promise.all([
        createAuthority(ds, 'HN', 'prosecutor_office'),
        createAuthority(ds, 'HN', 'prosecutor_office'),
        createAuthority(ds, 'HN', 'central_authority'),
        createAuthority(ds, 'HN', 'central_authority'),
        createAuthority(ds, 'US', 'central_authority'),
      ]);
      const person = async (authority: TestAuthority, roles: Role[]) =>
        authUser((await createUser(ds, authority, roles)).id, authority, roles);
      Object.assign(who, {
        hnCentral: await person(hnCa, ['central_authority']),
        hnCentral2: await person(hnCa, ['central_authority']),
        prosecutorA: await person(officeA, ['prosecutor']),
        prosecutorB: await person(officeB, ['prosecutor']),
        officeSupervisorA: await person(officeA, ['supervisor']),
        usCentral: await person(usCa, ['central_authority']),
      });
      const hnUs = {
        requestingState: 'HN',
        requestedState: 'US',
        requestingAuthorityId: officeA.id,
      } as const;
      const atHnCa = { ...hnUs, holderRole: 'central_authority', holderJurisdiction: 'HN' } as const;
      Object.assign(ids, {
        breached: await insertCase(ds, { ...atHnCa, overdue: true }),
        legal: await insertCase(ds, { ...atHnCa, legalDue: true, assignee: who.hnCentral.id }),
        urgent: await insertCase(ds, { ...atHnCa, urgent: true }),
        plain: await insertCase(ds, { ...atHnCa, assignee: who.hnCentral2.id }),
        sealed: await insertCase(ds, { ...atHnCa, sealed: true }),
        closed: await insertCase(ds, { ...atHnCa, closed: true }),
        // Requested of HN: counted once transmitted, never before.
        fromUs: await insertCase(ds, {
          ...atHnCa,
          requestingState: 'US',
          requestedState: 'HN',
          requestingAuthorityId: null,
          transmitted: true,
        }),
        untransmitted: await insertCase(ds, {
          ...atHnCa,
          requestingState: 'US',
          requestedState: 'HN',
          requestingAuthorityId: null,
        }),
        atOffice: await insertCase(ds, {
          ...hnUs,
          holderRole: 'prosecutor',
          holderJurisdiction: 'HN',
          holderAuthorityId: officeA.id,
        }),
        atOtherCa: await insertCase(ds, { ...atHnCa, holderAuthorityId: otherHnCa.id }),
        elsewhere: await insertCase(ds, {
          requestingState: 'GT',
          requestedState: 'US',
          holderRole: 'central_authority',
          holderJurisdiction: 'GT',
        }),
      });
      // The sealed case is for the people assigned to it only.
      await ds.query(`INSERT INTO case_assignments (case_id, user_id) VALUES ($1, $2)`, [
        ids.sealed,
        who.hnCentral.id,
      ]);
    });

    it('should count what a hand count gives, for each caller', async () => {
      expect(await counts(who.hnCentral)).toEqual({
        total: 6,
        mine: 1,
        unassigned: 4,
        breached: 1,
        legalClock: 1,
        neededByOrUrgent: 1,
      });
      expect(await counts(who.hnCentral2)).toEqual({
        total: 5,
        mine: 1,
        unassigned: 3,
        breached: 1,
        legalClock: 1,
        neededByOrUrgent: 1,
      });
      expect(await counts(who.prosecutorA)).toEqual({
        total: 1,
        mine: 0,
        unassigned: 1,
        breached: 0,
        legalClock: 0,
        neededByOrUrgent: 0,
      });
      expect((await counts(who.prosecutorB)).total).toBe(0);
      expect((await counts(who.usCentral)).total).toBe(0);
      for (const u of Object.values(who)) expect(await counts(u)).toEqual(await queue.counts(u, 'raw'));
    });

    it('should follow breaches, closings, (re)assignments, sealing and transmission as they are written', async () => {
      await ds.query(`UPDATE cases SET overdue = true WHERE id = $1`, [ids.plain]);
      await ds.query(`UPDATE cases SET closed_at = now() WHERE id = $1`, [ids.breached]);
      await ds.query(`UPDATE cases SET holder_assignee_id = $2 WHERE id = $1`, [
        ids.legal,
        who.hnCentral2.id,
      ]);
      await ds.query(`UPDATE cases SET sealed = true WHERE id = $1`, [ids.urgent]);
      await ds.query(`UPDATE cases SET transmitted_at = now() WHERE id = $1`, [ids.untransmitted]);
      await ds.query(`UPDATE cases SET holder_role = 'prosecutor', holder_authority_id = $2 WHERE id = $1`, [
        ids.fromUs,
        who.prosecutorA.authorityId,
      ]);
      // Left: legal (now hnCentral2's), plain (now breached, hnCentral2's), untransmitted (arrived),
      // and for hnCentral the sealed case; breached closed, urgent sealed away from both, fromUs
      // moved to a prosecutor's desk.
      expect(await counts(who.hnCentral)).toEqual({
        total: 4,
        mine: 0,
        unassigned: 2,
        breached: 1,
        legalClock: 1,
        neededByOrUrgent: 0,
      });
      expect(await counts(who.hnCentral2)).toEqual({
        total: 3,
        mine: 2,
        unassigned: 1,
        breached: 1,
        legalClock: 1,
        neededByOrUrgent: 0,
      });
      // A prosecutor's desk in HN, but a US request: not the office's case, so not its count.
      expect((await counts(who.prosecutorA)).total).toBe(1);
      for (const u of Object.values(who)) expect(await counts(u)).toEqual(await queue.counts(u, 'raw'));
      expect(await summaryMismatches(ds)).toBe(0);
    });
  });

  it('should equal the raw counts for random callers over random cases', async () => {
    const rand = prng(4401);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const states = ['MX', 'US', 'GT'];
    const authorities = await Promise.all(
      states.flatMap((s) => [
        createAuthority(ds, s, 'prosecutor_office'),
        createAuthority(ds, s, 'central_authority'),
      ]),
    );
    const roleSets: Role[][] = [
      ['prosecutor'],
      ['central_authority'],
      ['supervisor'],
      ['prosecutor', 'supervisor'],
      ['central_authority', 'admin'],
    ];
    const users = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const authority = pick(authorities);
        const roles = pick(roleSets);
        return authUser((await createUser(ds, authority, roles)).id, authority, roles);
      }),
    );
    for (let i = 0; i < 200; i++) {
      const requestingState = pick(states);
      const holder = pick(authorities);
      const id = await insertCase(ds, {
        requestingState,
        requestedState: pick(states.filter((s) => s !== requestingState)),
        requestingAuthorityId: pick(authorities.filter((a) => a.kind === 'prosecutor_office')).id,
        holderRole: pick(['prosecutor', 'central_authority', 'supervisor'] as Role[]),
        holderJurisdiction: holder.jurisdiction,
        holderAuthorityId: rand() < 0.5 ? null : holder.id,
        transmitted: rand() < 0.5,
        overdue: rand() < 0.2,
        legalDue: rand() < 0.2,
        urgent: rand() < 0.2,
        assignee: rand() < 0.4 ? pick(users).id : null,
        sealed: rand() < 0.15,
        closed: rand() < 0.15,
      });
      if (rand() < 0.5)
        await ds.query(`INSERT INTO case_assignments (case_id, user_id) VALUES ($1, $2)`, [
          id,
          pick(users).id,
        ]);
    }
    for (const u of users) expect(await counts(u)).toEqual(await queue.counts(u, 'raw'));
    expect(await summaryMismatches(ds)).toBe(0);
  });

  it('should stay exact when many transactions move the same cases between the same keys at once', async () => {
    const authority = await createAuthority(ds, 'SV', 'central_authority');
    const officers = await Promise.all([1, 2, 3].map(() => createUser(ds, authority, ['central_authority'])));
    // Each of 8 writers has two cases of its own (no two wait on one case row), all in the same
    // queue keys: two moves per transaction with a pause between. Counters updated in place would
    // make them wait on each other, and deadlock when two take two keys in opposite orders.
    const pool = await Promise.all(
      Array.from({ length: 16 }, () =>
        insertCase(ds, {
          requestingState: 'SV',
          requestedState: 'MX',
          holderRole: 'central_authority',
          holderJurisdiction: 'SV',
        }),
      ),
    );
    const rand = prng(4402);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const assignees = [null, ...officers.map((o) => o.id)];
    const writers = Array.from({ length: 8 }, (_, w) =>
      Array.from({ length: 25 }, () => {
        const [a, b] = rand() < 0.5 ? [pool[2 * w], pool[2 * w + 1]] : [pool[2 * w + 1], pool[2 * w]];
        return [a, b, pick(assignees), rand() < 0.5] as const;
      }),
    );
    await Promise.all(
      writers.map(async (txs) => {
        for (const [a, b, assignee, overdue] of txs) {
          await ds.transaction(async (em) => {
            await em.query(`UPDATE cases SET holder_assignee_id = $2, overdue = $3 WHERE id = $1`, [
              a,
              assignee,
              overdue,
            ]);
            await new Promise((resolve) => setTimeout(resolve, 2));
            await em.query(
              `UPDATE cases SET overdue = NOT overdue, closed_at = CASE WHEN closed_at IS NULL AND $2 THEN now() END WHERE id = $1`,
              [b, overdue],
            );
          });
        }
      }),
    );
    expect(await summaryMismatches(ds)).toBe(0);
    // A lone writer folds every pending change into the counters.
    await ds.query(`UPDATE cases SET overdue = NOT overdue WHERE id = $1`, [pool[0]]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM queue_count_changes`)).toEqual([{ n: 0 }]);
    expect(await summaryMismatches(ds)).toBe(0);
  });

  it('should stay exact under concurrent projections of real transitions', async () => {
    const office = await createAuthority(ds, 'HN', 'prosecutor_office');
    const ca = await createAuthority(ds, 'HN', 'central_authority');
    const prosecutor = await createUser(ds, office, ['prosecutor']);
    const central = authUser((await createUser(ds, ca, ['central_authority'])).id, ca, ['central_authority']);
    const script = caseScripts(ds, prosecutor.id);
    const before = await counts(central);
    // 16 requests projected side by side, each to the central authority's review with a
    // deadline, half of them breached, a quarter approved onwards out of the queue.
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const c = script({
          requestingState: 'HN',
          requestedState: 'US',
          officeId: office.id,
          reference: `QC-${i}`,
          urgent: i % 3 === 0,
        });
        await c.step('create', 'draft', '2026-03-02T10:00:00.000Z');
        await c.step('submit', 'central_authority_review', '2026-03-03T10:00:00.000Z', [
          deadline('central-authority-review', '2026-03-17T23:59:59.999Z'),
        ]);
        if (i % 2 === 0)
          await c.breach('central-authority-review', '2026-03-17T23:59:59.999Z', '2026-03-18T00:00:00.000Z');
        if (i % 4 === 1) await c.step('approve', 'ready_to_transmit', '2026-03-04T10:00:00.000Z');
      }),
    );
    const after = await counts(central);
    expect(after).toEqual(await queue.counts(central, 'raw'));
    // 16 submitted, 4 approved are still the central authority's (ready to transmit), 8 breached.
    expect(after.total - before.total).toBe(16);
    expect(after.breached - before.breached).toBe(8);
    expect(await summaryMismatches(ds)).toBe(0);
  });
});
