// The supporting documents of a formal extradition request, shared by a storm client as a careful
// real client would while the platform crashes under it: each document is looked for (by its
// title) before it is uploaded, and after an uncertain answer the client waits to see whether the
// first attempt landed before it sends anything again, so no document (and no signing notice on
// the case's timeline) is ever added twice.
import { minimalPdf } from '../../test/support/documents';
import type { Note, StormClient } from './storm-client';
import { sleep, StuckError } from './storm-infra';

interface DocumentRow {
  id: string;
  kind: string;
  title: string;
  certifications: unknown[];
}

const TITLES = {
  warrant: 'Arrest warrant',
  identification: 'Identification record',
  signed: 'Signed formal request',
};

/** Uploads, certifies and signs what the document gate asks before a formal request (see test/support/us-to-mx.ts). */
export async function shareSupportingDocuments(
  c: StormClient,
  caseId: string,
  prosecutor: string,
  central: string,
  settleMs: number,
  note: Note,
): Promise<void> {
  const list = async (): Promise<DocumentRow[]> => {
    const res = await c.request(central, 'GET', `/cases/${caseId}/documents`);
    if (res.status !== 200) {
      note('listing the documents answered', res.status, res.text, res.requestId);
      throw new StuckError(`GET documents answered ${res.status}`);
    }
    return res.body as DocumentRow[];
  };
  const find = (docs: DocumentRow[], found: (d: DocumentRow) => boolean) => docs.find(found);

  // Sends one write until it is answered; after an uncertain attempt, `landed` is looked for
  // (for up to settleMs) before the write is sent again.
  const once = async <T>(
    what: string,
    email: string,
    method: string,
    path: string,
    body: () => unknown,
    landed: () => Promise<T | undefined>,
  ): Promise<T | { id: string }> => {
    const deadline = Date.now() + c.budgetMs;
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline) throw new StuckError(`${what} kept failing`);
      const res = await c.attempt(email, method, path, body());
      if (res.kind === 'http' && res.status === 201) return res.body as { id: string };
      if (res.kind === 'http' && res.status !== 500) {
        note(`${what} answered ${res.status}`, res.status, res.text, res.requestId);
        throw new StuckError(`${what} answered ${res.status}`);
      }
      if (res.kind === 'http') note(`${what}: unexpected 500`, res.status, res.text, res.requestId);
      const until = Date.now() + settleMs;
      for (;;) {
        const found = await landed();
        if (found) {
          c.stats.foundApplied += 1;
          return found;
        }
        if (Date.now() > until) break;
        await sleep(1000);
      }
      c.stats.resentAfterSettle += 1;
    }
  };

  const upload = async (email: string, fields: Record<string, string>, text: string): Promise<string> => {
    const existing = find(await list(), (d) => d.title === fields.title);
    if (existing) return existing.id;
    const form = () => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.append(k, v);
      f.append('file', new Blob([new Uint8Array(minimalPdf(text))]), 'doc.pdf');
      return f;
    };
    const doc = await once(
      `upload ${fields.kind}`,
      email,
      'POST',
      `/cases/${caseId}/documents`,
      form,
      async () => find(await list(), (d) => d.title === fields.title),
    );
    return doc.id;
  };

  const warrant = await upload(
    prosecutor,
    { kind: 'judgment_or_warrant', title: TITLES.warrant, language: 'en', shared: 'true' },
    'Warrant',
  );
  const certified = async () => {
    const w = find(await list(), (d) => d.id === warrant);
    return w && w.certifications.length > 0 ? w : undefined;
  };
  if (!(await certified())) {
    await once(
      'certify the warrant',
      central,
      'POST',
      `/cases/${caseId}/documents/${warrant}/certifications`,
      () => ({ kind: 'apostilled', issuedBy: 'Department of State', issuedOn: '2026-11-20' }),
      certified,
    );
  }
  await upload(
    prosecutor,
    { kind: 'identification', title: TITLES.identification, language: 'en', shared: 'true' },
    'Identification',
  );
  // Generating the letter again only adds a version; it is generated once, unless it is there.
  const letterDoc = async () => find(await list(), (d) => d.kind === 'letter');
  const letter =
    (await letterDoc()) ??
    (await once('generate the letter', central, 'POST', `/cases/${caseId}/letter`, () => ({}), letterDoc));
  await upload(
    central,
    {
      kind: 'signed_letter',
      title: TITLES.signed,
      language: 'en',
      shared: 'true',
      signedLetterOf: letter.id,
    },
    'Signed',
  );
}
