import type { DataSource } from 'typeorm';
import { COMPLETE_DRAFT, http, type Cast } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';

// What the prosecutor, both central authorities and a supervisor do with one request, over HTTP,
// against the real api, worker, Temporal and PostgreSQL.
describe('MLA request lifecycle over HTTP', () => {
  let platform: HnToUs | undefined;
  let ds: DataSource;
  let cast: Cast;
  let h: ReturnType<typeof http>;

  beforeAll(async () => {
    platform = await startHnToUs();
    ({ ds, cast, h } = platform);
  });
  afterAll(async () => {
    await platform?.close();
  });

  async function newCase(draft: object = COMPLETE_DRAFT): Promise<string> {
    const res = await h
      .post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft })
      .expect(201);
    return res.body.id;
  }

  it('should carry a request from draft to an executed closure with each side acting in turn', async () => {
    const id = await newCase({ reference: COMPLETE_DRAFT.reference });

    // Prosecutor: an incomplete draft is refused with the missing fields named, then completed.
    const incomplete = await h.act(id, 'submit', cast.hnProsecutor).expect(422);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['draft.factsSummary', 'draft.assistanceSought']),
    );
    await h.patch(`/cases/${id}/draft`, cast.hnProsecutor, COMPLETE_DRAFT).expect(200);
    const submitted = await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    expect(submitted.body).toMatchObject({
      stage: 'central_authority_review',
      holder: { role: 'central_authority', jurisdiction: 'HN' },
    });
    expect(submitted.body.deadlines).toEqual([
      expect.objectContaining({
        key: 'central-authority-review',
        status: 'pending',
        confidence: 'default',
        active: true,
        unit: 'business',
      }),
    ]);
    // Counted as the period is: business days of Honduras, fewer than the calendar days left.
    const review = submitted.body.deadlines[0];
    const calendarDaysLeft = (Date.parse(review.dueAt) - Date.now()) / 86_400_000;
    expect(review.businessDaysLeft).toBeGreaterThanOrEqual(9);
    expect(review.businessDaysLeft).toBeLessThanOrEqual(10);
    expect(review.businessDaysLeft).toBeLessThan(calendarDaysLeft);

    // The requested side sees nothing before transmission.
    await h.get(`/cases/${id}`, cast.usCentral).expect(404);
    expect(
      (await h.get('/cases?pair=HN-US', cast.usCentral).expect(200)).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).not.toContain(id);

    // Requesting central authority: approve, translation, transmit.
    const approved = await h.act(id, 'approve', cast.hnCentral).expect(200);
    expect(approved.body.stage).toBe('translation');
    await h.act(id, 'record_translation', cast.hnCentral).expect(200);
    const transmitted = await h.act(id, 'transmit', cast.hnCentral).expect(200);
    expect(transmitted.body).toMatchObject({
      stage: 'transmitted',
      holder: { side: 'requested', jurisdiction: 'US' },
    });
    expect(
      transmitted.body.deadlines
        .filter((d: { active: boolean }) => d.active)
        .map((d: { key: string }) => d.key)
        .sort(),
    ).toEqual(['acknowledgement-escalation', 'execution-target']);

    // Requested central authority: now sees it, acknowledges, executes, asks for more.
    const seen = await h.get(`/cases/${id}`, cast.usCentral).expect(200);
    expect(seen.body.allowedActions).toEqual(expect.arrayContaining(['acknowledge']));
    expect(seen.body.allowedActions).not.toContain('withdraw');
    await h.act(id, 'acknowledge', cast.usCentral).expect(200);
    await h.act(id, 'begin_execution', cast.usCentral).expect(200);
    await h
      .act(id, 'request_supplementary_information', cast.usCentral, { reason: 'Which period?' })
      .expect(200);
    const waiting = await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200);
    expect(waiting.body.deadlines.find((d: { key: string }) => d.key === 'execution-target').status).toBe(
      'paused',
    );
    await h
      .act(id, 'answer_supplementary_information', cast.hnProsecutor, { reason: '2023 to 2025' })
      .expect(200);
    await h.act(id, 'record_partial_response', cast.usCentral).expect(200);
    await h.act(id, 'record_final_response', cast.usCentral, { result: 'executed' }).expect(200);
    const closed = await h.act(id, 'close', cast.hnProsecutor).expect(200);

    expect(closed.body).toMatchObject({ stage: 'closed', outcome: 'executed', allowedActions: [] });
    // The requesting side's timeline: begin_execution is the requested side's own step (its stage shows).
    expect(closed.body.timeline.map((s: { action: string }) => s.action)).toEqual([
      'create',
      'edit_draft',
      'submit',
      'approve',
      'record_translation',
      'transmit',
      'acknowledge',
      'request_supplementary_information',
      'answer_supplementary_information',
      'record_partial_response',
      'record_final_response',
      'close',
    ]);
    await h.act(id, 'withdraw', cast.hnProsecutor, { reason: 'late' }).expect(409);
  });

  it('should refuse a wrong role with 403, a wrong stage with 409 and missing data with 422, changing nothing', async () => {
    const id = await newCase();
    await h.act(id, 'approve', cast.hnCentral).expect(409);
    await h.act(id, 'submit', cast.hnCentral).expect(403);
    await h.act(id, 'withdraw', cast.hnProsecutor).expect(422);
    await h.act(id, 'submit', cast.hnProsecutorOtherOffice).expect(404);
    await h.act(id, 'teleport', cast.hnProsecutor).expect(400);

    const read = await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200);
    expect(read.body.timeline).toHaveLength(1);
    const denied = await ds.query(
      `SELECT action FROM audit_records WHERE case_id = $1 AND outcome = 'denied'`,
      [id],
    );
    expect(denied.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['case.submit']));
  });

  it('should let exactly one of two concurrent conflicting decisions win', async () => {
    const id = await newCase();
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    const [a, b] = await Promise.all([
      h.act(id, 'approve', cast.hnCentral),
      h.act(id, 'return', cast.hnCentral, { reason: 'Add the statutes' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const read = await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200);
    expect(read.body.timeline).toHaveLength(3);
  });

  it('should let a supervisor read and extend a deadline with a reason, but not decide', async () => {
    const id = await newCase();
    const submitted = await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    const due = submitted.body.deadlines[0].dueAt as string;

    const seen = await h.get(`/cases/${id}`, cast.hnSupervisor).expect(200);
    expect(seen.body.allowedActions).toEqual(['extend_deadline']);
    await h.act(id, 'approve', cast.hnSupervisor).expect(403);
    const newDueAt = new Date(Date.parse(due) + 7 * 86_400_000).toISOString();
    await h
      .act(id, 'extend_deadline', cast.hnSupervisor, { deadlineKey: 'central-authority-review', newDueAt })
      .expect(422);
    const extended = await h
      .act(id, 'extend_deadline', cast.hnSupervisor, {
        deadlineKey: 'central-authority-review',
        newDueAt,
        reason: 'Staff shortage',
      })
      .expect(200);

    expect(extended.body.deadlines[0].dueAt).toBe(newDueAt);
    expect(extended.body.timeline.at(-1)).toMatchObject({
      action: 'extend_deadline',
      reason: 'Staff shortage',
    });
  });

  it('should record a fire-and-forget notice on the timeline as a signal', async () => {
    const id = await newCase();
    await h
      .post(`/cases/${id}/notes`, cast.hnProsecutor, { note: 'Originals received by courier' })
      .expect(202);
    await h.post(`/cases/${id}/notes`, cast.hnProsecutor, {}).expect(422);
    await h.post(`/cases/${id}/notes`, cast.usCentral, { note: 'x' }).expect(404);

    let timeline: { action: string; reason: string }[] = [];
    for (let i = 0; i < 100 && timeline.length < 2; i++) {
      timeline = (await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200)).body.timeline;
      if (timeline.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(timeline.at(-1)).toMatchObject({
      action: 'note_received',
      reason: 'Originals received by courier',
    });
  });

  it('should list and search only visible cases with filters and cursor pagination', async () => {
    const ids = [await newCase(), await newCase(), await newCase()];
    await h.act(ids[0], 'submit', cast.hnProsecutor).expect(200);

    const first = await h.get('/cases?limit=2', cast.hnProsecutor).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    const second = await h
      .get(`/cases?limit=2&cursor=${first.body.nextCursor}`, cast.hnProsecutor)
      .expect(200);
    const seen = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(seen).size).toBe(seen.length);

    const inReview = await h
      .get('/cases?stage=central_authority_review&pair=HN-US', cast.hnProsecutor)
      .expect(200);
    expect(inReview.body.items.map((c: { id: string }) => c.id)).toContain(ids[0]);
    expect(inReview.body.items.every((c: { stage: string }) => c.stage === 'central_authority_review')).toBe(
      true,
    );
    const byText = await h.get('/cases?q=shell%20company', cast.hnProsecutor).expect(200);
    expect(byText.body.total).toBeGreaterThanOrEqual(3);

    const other = await h.get('/cases', cast.hnProsecutorOtherOffice).expect(200);
    expect(other.body.items.map((c: { id: string }) => c.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(other.body.total).toBe(other.body.items.length);
    await h.get('/cases?cursor=bogus', cast.hnProsecutor).expect(400);
  });
});
