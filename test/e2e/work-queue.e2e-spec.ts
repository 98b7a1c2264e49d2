import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditRows, bearer, createAuthority, createUser, type TestUser } from '../support/auth';
import { testDataSource } from '../support/database';
import { caseScripts, deadline } from '../support/hand-built-cases';
import { startApi } from '../support/platform';

interface QueueItem {
  id: string;
  reference: string;
  urgency: string;
  assignee: { id: string; name: string } | null;
}

// Issue #13: the work queue's order on a hand-built set, its keyset pagination and counts, and
// assignment within an authority (claim, release, assign, a supervisor's reassignment with a
// reason) with its timeline entry, audit record and notifications, each on its side only.
describe('work queue and assignment', () => {
  let api: INestApplication;
  let ds: DataSource;
  const auth: Record<string, string> = {};
  const people: Record<string, TestUser> = {};
  const ids: Record<string, string> = {};

  const http = () => request(api.getHttpServer());
  const get = (path: string, who: string) => http().get(`/api/v1${path}`).set('Authorization', auth[who]);
  const post = (path: string, who: string, body: object = {}) => http().post(`/api/v1${path}`).set('Authorization', auth[who]).send(body);
  const put = (path: string, who: string, body: object) => http().put(`/api/v1${path}`).set('Authorization', auth[who]).send(body);

  // Every page of a queue, following the cursors; only this file's cases (the database is shared).
  async function wholeQueue(who: string, view = 'all', limit = 2): Promise<QueueItem[]> {
    const seen: QueueItem[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(`/queue?view=${view}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, who).expect(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen.filter((i) => Object.values(ids).includes(i.id));
  }

  beforeAll(async () => {
    api = await startApi();
    ds = await testDataSource();
    const [office, otherOffice, hnCa, usCa] = await Promise.all([
      createAuthority(ds, 'HN', 'prosecutor_office'),
      createAuthority(ds, 'HN', 'prosecutor_office'),
      createAuthority(ds, 'HN', 'central_authority'),
      createAuthority(ds, 'US', 'central_authority'),
    ]);
    Object.assign(people, {
      prosecutor: await createUser(ds, office, ['prosecutor']),
      otherProsecutor: await createUser(ds, otherOffice, ['prosecutor']),
      hnCentral: await createUser(ds, hnCa, ['central_authority']),
      hnCentral2: await createUser(ds, hnCa, ['central_authority']),
      hnSupervisor: await createUser(ds, hnCa, ['supervisor']),
      usCentral: await createUser(ds, usCa, ['central_authority']),
    });
    for (const [who, user] of Object.entries(people)) auth[who] = await bearer(api, user);

    const script = caseScripts(ds, people.prosecutor.id);
    const hnUs = { requestingState: 'HN', requestedState: 'US', officeId: office.id };
    const inReview = async (reference: string, due: string | null, extra: object = {}, key = 'central-authority-review') => {
      const c = script({ ...hnUs, reference, ...extra });
      await c.step('create', 'draft', '2026-01-05T10:00:00.000Z');
      await c.step('submit', 'central_authority_review', '2026-01-06T10:00:00.000Z', due ? [deadline(key, due)] : []);
      return c;
    };
    // Breached (oldest breach first), a legal clock, neededBy and urgent (soonest due first),
    // then the rest by the soonest deadline, none last.
    const breachedLate = await inReview('Q-BREACHED-2', '2026-02-20T23:59:59.999Z');
    await breachedLate.breach('central-authority-review', '2026-02-20T23:59:59.999Z', '2026-02-21T00:00:00.000Z');
    const breachedEarly = await inReview('Q-BREACHED-1', '2026-02-10T23:59:59.999Z');
    await breachedEarly.breach('central-authority-review', '2026-02-10T23:59:59.999Z', '2026-02-11T00:00:00.000Z');
    const legal = await inReview('Q-LEGAL', '2027-03-01T23:59:59.999Z', {}, 'formal-request');
    const urgent = await inReview('Q-URGENT', '2027-02-01T23:59:59.999Z', { urgent: true });
    const neededBy = await inReview('Q-NEEDED-BY', '2027-01-15T23:59:59.999Z', { neededBy: '2027-01-20' });
    const soon = await inReview('Q-SOON', '2027-01-10T23:59:59.999Z');
    const later = await inReview('Q-LATER', '2027-04-01T23:59:59.999Z');
    const undated = await inReview('Q-UNDATED', null);
    // Held by the prosecutor (draft) and by the requested state: in neither central authority's queue.
    const draft = script({ ...hnUs, reference: 'Q-DRAFT' });
    await draft.step('create', 'draft', '2026-01-05T10:00:00.000Z');
    const abroad = script({ ...hnUs, reference: 'Q-ABROAD' });
    await abroad.step('create', 'draft', '2026-01-05T10:00:00.000Z');
    await abroad.step('submit', 'central_authority_review', '2026-01-06T10:00:00.000Z');
    await abroad.step('approve', 'ready_to_transmit', '2026-01-07T10:00:00.000Z');
    await abroad.step('transmit', 'transmitted', '2026-01-08T10:00:00.000Z');
    await abroad.step('acknowledge', 'acknowledged', '2026-01-09T10:00:00.000Z');
    for (const c of [breachedLate, breachedEarly, legal, urgent, neededBy, soon, later, undated, draft, abroad]) ids[c.reference] = c.id;
  });

  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
  });

  it('should order the queue by urgency across pages: breached, legal clocks, neededBy and urgent, then the soonest due', async () => {
    const queue = await wholeQueue('hnCentral');
    expect(queue.map((i) => i.reference)).toEqual([
      'Q-BREACHED-1', 'Q-BREACHED-2', 'Q-LEGAL', 'Q-NEEDED-BY', 'Q-URGENT', 'Q-SOON', 'Q-LATER', 'Q-UNDATED',
    ]);
    expect(queue.map((i) => i.urgency)).toEqual([
      'breached', 'breached', 'legal_clock', 'needed_by_or_urgent', 'needed_by_or_urgent', 'due', 'due', 'due',
    ]);
    expect((await wholeQueue('usCentral')).map((i) => i.reference)).toEqual(['Q-ABROAD']);
    expect((await wholeQueue('prosecutor')).map((i) => i.reference)).toEqual(['Q-DRAFT']);
    expect(await wholeQueue('otherProsecutor')).toEqual([]);
  });

  it('should refuse a cursor it did not make', async () => {
    await get('/queue?cursor=bm90LWEtY3Vyc29y', 'hnCentral').expect(400);
    await get('/queue?view=everything', 'hnCentral').expect(422);
  });

  it('should let a central authority officer claim a case, show them as its holder and count it as theirs', async () => {
    const res = await post(`/cases/${ids['Q-SOON']}/assignment/claim`, 'hnCentral').expect(200);
    expect(res.body.holder).toMatchObject({ role: 'central_authority', assignee: { id: people.hnCentral.id } });
    const entry = res.body.timeline.find((e: { action: string }) => e.action === 'assignment.claim');
    expect(entry).toMatchObject({ visibility: 'requesting', details: { assignee: { id: people.hnCentral.id } } });
    expect((await wholeQueue('hnCentral', 'mine')).map((i) => i.reference)).toEqual(['Q-SOON']);
    expect((await wholeQueue('hnCentral', 'unassigned')).map((i) => i.reference)).not.toContain('Q-SOON');
    const page = (await get('/queue?view=mine', 'hnCentral').expect(200)).body;
    expect(page.counts.mine).toBe(1);
    // A colleague cannot take it over, nor hand it on; claiming again is harmless.
    await post(`/cases/${ids['Q-SOON']}/assignment/claim`, 'hnCentral2').expect(409);
    await put(`/cases/${ids['Q-SOON']}/assignment`, 'hnCentral2', { userId: people.hnCentral2.id }).expect(403);
    await post(`/cases/${ids['Q-SOON']}/assignment/claim`, 'hnCentral').expect(200);
    // Someone of another office may not claim a case of this one's queue (it does not exist for them).
    await post(`/cases/${ids['Q-DRAFT']}/assignment/claim`, 'otherProsecutor').expect(404);
    // The prosecutor sees the case but does not hold the central authority's desk.
    await post(`/cases/${ids['Q-SOON']}/assignment/claim`, 'prosecutor').expect(403);
  });

  it('should offer as assignees only the active colleagues of the holding desk who may see the case', async () => {
    const id = ids['Q-LATER'];
    const candidates = async (who: string) =>
      (await get(`/cases/${id}/assignment/candidates`, who).expect(200)).body.items as { id: string; name: string }[];
    const colleagues = [people.hnCentral.id, people.hnCentral2.id].sort();
    const mine = await candidates('hnCentral');
    expect(mine.map((c) => c.id).sort()).toEqual(colleagues);
    expect(mine.every((c) => c.name.length > 0)).toBe(true);
    // A supervisor of the holding side sees at least the same desk (a state-wide one, more offices).
    expect((await candidates('hnSupervisor')).map((c) => c.id)).toEqual(expect.arrayContaining(colleagues));
    // Neither another desk of a side that sees the case nor anyone who may not see it.
    await get(`/cases/${id}/assignment/candidates`, 'prosecutor').expect(403);
    await get(`/cases/${id}/assignment/candidates`, 'usCentral').expect(404);
  });

  it("should let a supervisor reassign with a reason, recorded on the timeline, the audit trail and both people's notifications", async () => {
    const id = ids['Q-SOON'];
    await put(`/cases/${id}/assignment`, 'hnSupervisor', { userId: people.hnCentral2.id }).expect(422);
    await put(`/cases/${id}/assignment`, 'hnSupervisor', { userId: people.usCentral.id, reason: 'Leave' }).expect(422);
    const res = await put(`/cases/${id}/assignment`, 'hnSupervisor', { userId: people.hnCentral2.id, reason: 'Annual leave' }).expect(200);
    expect(res.body.holder.assignee).toMatchObject({ id: people.hnCentral2.id });
    expect(res.body.timeline.find((e: { action: string }) => e.action === 'assignment.reassign')).toMatchObject({
      reason: 'Annual leave',
      visibility: 'requesting',
      details: { previousAssigneeId: people.hnCentral.id },
    });
    const audit = await auditRows(ds, { caseId: id, action: 'case.assignment.assign' });
    expect(audit.at(-1)?.details).toMatchObject({ kind: 'reassign', assigneeId: people.hnCentral2.id, reason: 'Annual leave', visibility: 'requesting' });
    const notices = async (who: string) =>
      (await get('/notifications', who).expect(200)).body.items.filter((n: { caseId: string }) => n.caseId === id);
    expect((await notices('hnCentral2')).map((n: { kind: string; message: string }) => [n.kind, n.message])).toEqual([
      ['assignment', 'Case Q-SOON was assigned to you'],
    ]);
    expect((await notices('hnCentral')).map((n: { message: string }) => n.message)).toEqual(['Case Q-SOON is no longer assigned to you']);
    expect(await notices('hnCentral')).not.toEqual(await notices('hnCentral2'));
  });

  it('should keep read state per person: marking read clears it for the reader only', async () => {
    const list = (await get('/notifications?unread=true', 'hnCentral2').expect(200)).body;
    const mine = list.items.find((n: { caseId: string }) => n.caseId === ids['Q-SOON']);
    expect(mine.readAt).toBeNull();
    await post(`/notifications/${mine.id}/read`, 'hnCentral2').expect(204);
    const after = (await get('/notifications', 'hnCentral2').expect(200)).body;
    expect(after.items.find((n: { id: string }) => n.id === mine.id).readAt).not.toBeNull();
    const unread = (await get('/notifications?unread=true', 'hnCentral2').expect(200)).body.items;
    expect(unread.map((n: { id: string }) => n.id)).not.toContain(mine.id);
    // Someone else's notification does not exist for the caller, and their reading it changed nothing here.
    await post(`/notifications/${mine.id}/read`, 'hnCentral').expect(404);
    const theirs = (await get('/notifications?unread=true', 'hnCentral').expect(200)).body.items;
    const released = theirs.find((n: { caseId: string }) => n.caseId === ids['Q-SOON']);
    expect(released).toBeDefined();
    expect((await post('/notifications/read-all', 'hnCentral').expect(200)).body.marked).toBeGreaterThanOrEqual(1);
    const left = (await get('/notifications?unread=true', 'hnCentral').expect(200)).body.items;
    expect(left.map((n: { id: string }) => n.id)).not.toContain(released.id);
  });

  it('should let the assignee release the case, and keep one side’s assignment from the other side', async () => {
    const res = await post(`/cases/${ids['Q-SOON']}/assignment/release`, 'hnCentral2', { reason: 'Back to the pool' }).expect(200);
    expect(res.body.holder.assignee).toBeNull();
    await post(`/cases/${ids['Q-SOON']}/assignment/release`, 'hnCentral2').expect(409);

    const abroad = ids['Q-ABROAD'];
    const claimed = await post(`/cases/${abroad}/assignment/claim`, 'usCentral').expect(200);
    expect(claimed.body.holder.assignee).toMatchObject({ id: people.usCentral.id });
    const seenFromHonduras = (await get(`/cases/${abroad}`, 'hnCentral').expect(200)).body;
    expect(seenFromHonduras.holder.assignee).toBeNull();
    expect(seenFromHonduras.timeline.filter((e: { action: string }) => e.action.startsWith('assignment.'))).toEqual([]);
    // The requesting state cannot assign the requested state's desk.
    await put(`/cases/${abroad}/assignment`, 'hnSupervisor', { userId: people.hnCentral.id, reason: 'x' }).expect(403);
  });
});
