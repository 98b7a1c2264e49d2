import { COMPLETE_DRAFT, FULL_DRAFT, http, type Cast, type Person } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';

interface Entry {
  action: string;
  reason: string | null;
  actorId: string | null;
  actor: { id: string | null; name: string | null; authority: string | null } | null;
  visibility: string;
  details: Record<string, unknown>;
}

// Issue #11: each side sees only what was shared with it. An HN→US request is drafted, returned
// with an internal reason, amended, approved and transmitted; both sides then leave notes.
describe('cross-border confidentiality of what a case accumulates', () => {
  let platform: HnToUs | undefined;
  let cast: Cast;
  let h: ReturnType<typeof http>;
  let id: string;

  const timeline = async (p: Person): Promise<Entry[]> =>
    (await h.get(`/cases/${id}`, p).expect(200)).body.timeline;
  const notes = (t: Entry[]) =>
    t
      .filter((e) => e.action === 'note_received')
      .map((e) => e.reason!)
      .sort();
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function until(p: Person, ok: (t: Entry[]) => boolean): Promise<Entry[]> {
    for (let i = 0; i < 100; i++) {
      const t = await timeline(p);
      if (ok(t)) return t;
      await wait(50);
    }
    return timeline(p);
  }

  beforeAll(async () => {
    platform = await startHnToUs();
    ({ cast, h } = platform);

    id = (
      await h
        .post('/cases', cast.hnProsecutor, {
          kind: 'mla',
          requestedState: 'US',
          draft: { reference: 'HN-CONF-1' },
        })
        .expect(201)
    ).body.id;
    await h
      .patch(`/cases/${id}/draft`, cast.hnProsecutor, {
        ...FULL_DRAFT,
        factsSummary: 'First version of the facts',
      })
      .expect(200);
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    await h
      .act(id, 'return', cast.hnCentral, { reason: 'Add the text of the statutes violated' })
      .expect(200);
    await h.patch(`/cases/${id}/draft`, cast.hnProsecutor, FULL_DRAFT).expect(200);
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    await h
      .post(`/cases/${id}/notes`, cast.hnCentral, { note: 'HN internal: weak on dual criminality' })
      .expect(202);
    const approved = await h.act(id, 'approve', cast.hnCentral).expect(200);
    if (approved.body.stage === 'translation')
      await h.act(id, 'record_translation', cast.hnCentral).expect(200);
    await h.act(id, 'transmit', cast.hnCentral).expect(200);
    await h.act(id, 'acknowledge', cast.usCentral).expect(200);
    await h.act(id, 'begin_execution', cast.usCentral).expect(200);
    await h
      .post(`/cases/${id}/notes`, cast.usCentral, { note: 'US internal: bank slow to answer' })
      .expect(202);
    await h
      .post(`/cases/${id}/notes`, cast.usCentral, { note: 'US to HN: records expected in May', shared: true })
      .expect(202);
    await h
      .post(`/cases/${id}/notes`, cast.hnProsecutor, { note: 'HN to US: thank you', shared: true })
      .expect(202);
    await until(cast.hnCentral, (t) => notes(t).length === 3);
    await until(cast.usCentral, (t) => notes(t).length === 3);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it("should never show the requested side the requesting side's drafts, review, returns, warnings or internal notes", async () => {
    const us = await timeline(cast.usCentral);
    const text = JSON.stringify(us);
    expect(us.map((e) => e.action)).toEqual([
      'transmit',
      'acknowledge',
      'begin_execution',
      'note_received',
      'note_received',
      'note_received',
    ]);
    expect(text).not.toContain('Add the text of the statutes violated');
    expect(text).not.toContain('weak on dual criminality');
    expect(text).not.toContain('warnings');
    expect(notes(us)).toEqual([
      'HN to US: thank you',
      'US internal: bank slow to answer',
      'US to HN: records expected in May',
    ]);
  });

  it('should show the requested side the request as transmitted, not an earlier draft', async () => {
    const us = (await h.get(`/cases/${id}`, cast.usCentral).expect(200)).body;
    expect(us.draft).toMatchObject({
      factsSummary: 'Funds moved through accounts in Miami',
      reference: COMPLETE_DRAFT.reference,
    });
    expect(JSON.stringify(us)).not.toContain('First version of the facts');
  });

  it("should never show the requesting side the requested side's internal steps, only what it shared and the stage", async () => {
    const hn = await timeline(cast.hnCentral);
    expect(hn.map((e) => e.action)).not.toContain('begin_execution');
    expect(JSON.stringify(hn)).not.toContain('bank slow to answer');
    expect(notes(hn)).toEqual([
      'HN internal: weak on dual criminality',
      'HN to US: thank you',
      'US to HN: records expected in May',
    ]);
    expect((await h.get(`/cases/${id}`, cast.hnCentral).expect(200)).body.stage).toBe('under_execution');
  });

  it('should name people to their own side and show only the authority across the border', async () => {
    const us = await timeline(cast.usCentral);
    const transmit = us.find((e) => e.action === 'transmit')!;
    expect(transmit.actorId).toBeNull();
    expect(transmit.actor).toMatchObject({ id: null, name: null, authority: expect.any(String) });
    const ack = us.find((e) => e.action === 'acknowledge')!;
    expect(ack.actor).toMatchObject({ id: cast.usCentral.user.id, name: expect.any(String) });

    const hn = await timeline(cast.hnProsecutor);
    expect(hn.find((e) => e.action === 'return')!.actor).toMatchObject({
      id: cast.hnCentral.user.id,
      name: expect.any(String),
    });
    expect(hn.find((e) => e.action === 'acknowledge')!.actor).toMatchObject({ id: null, name: null });
  });

  it("should redact the other side's audit records to their hashes while the chain still links", async () => {
    for (const [reader, hidden] of [
      [cast.usSupervisor, 'Add the text of the statutes violated'],
      [cast.hnSupervisor, 'bank slow to answer'],
    ] as const) {
      const { items } = (await h.get(`/cases/${id}/audit?limit=500`, reader).expect(200)).body as {
        items: { seq: number; redacted?: true; hash: string; prevHash: string; details?: object }[];
      };
      expect(items.some((r) => r.redacted)).toBe(true);
      expect(items.some((r) => !r.redacted)).toBe(true);
      expect(JSON.stringify(items)).not.toContain(hidden);
      items.forEach((r, i) => {
        if (i > 0) expect(r.prevHash).toBe(items[i - 1].hash);
        if (r.redacted) expect(Object.keys(r).sort()).toEqual(['hash', 'prevHash', 'redacted', 'seq']);
      });
      const verify = await h.get('/audit/verify', reader).expect(200);
      expect(verify.body.ok).toBe(true);
    }
  });

  it('should keep the evaluation the submission stood on for the requesting side only, with what changed since', async () => {
    const view = (await h.get(`/cases/${id}/evaluation`, cast.hnCentral).expect(200)).body;
    expect(view.submitted).toMatchObject({
      dataVersion: expect.any(String),
      chosenBasis: { instrumentId: expect.any(String) },
    });
    expect(view.current.dataVersion).toBe(view.submitted.dataVersion);
    expect(view.changes).toEqual([]);
    // Frozen with it: the findings of law, the policies applied and the doubts, kept apart.
    expect(view.submitted.findings).toEqual(expect.arrayContaining([expect.objectContaining({ topic: 'basis', source: expect.any(String) })]));
    expect(view.submitted.policies).toEqual(expect.arrayContaining([expect.objectContaining({ topic: 'deadline', setBy: 'platform' })]));
    view.submitted.warnings.forEach((w: { confidence: string }) => expect(['secondary', 'unconfirmed']).toContain(w.confidence));
    await h.get(`/cases/${id}/evaluation`, cast.usCentral).expect(403);
  });
});
