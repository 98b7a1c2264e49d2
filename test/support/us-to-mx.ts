import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer, createAuthority, createUser, type TestUser } from './auth';
import { minimalPdf } from './documents';
import type { Person } from './people';

// The people of extradition requests between the US, MX, GT, SV and HN, each logged in through the real api.
export interface ExtraditionCast {
  usProsecutor: Person;
  usCentral: Person;
  mxProsecutor: Person;
  mxCentral: Person;
  gtCentral: Person;
  svCentral: Person;
  hnCentral: Person;
}

export async function castForExtradition(api: INestApplication, ds: DataSource): Promise<ExtraditionCast> {
  const person = async (state: string, kind: 'prosecutor_office' | 'central_authority', roles: TestUser['roles']): Promise<Person> => {
    const user = await createUser(ds, await createAuthority(ds, state, kind), roles);
    return { user, auth: await bearer(api, user) };
  };
  return {
    usProsecutor: await person('US', 'prosecutor_office', ['prosecutor']),
    usCentral: await person('US', 'central_authority', ['central_authority']),
    mxProsecutor: await person('MX', 'prosecutor_office', ['prosecutor']),
    mxCentral: await person('MX', 'central_authority', ['central_authority']),
    gtCentral: await person('GT', 'central_authority', ['central_authority']),
    svCentral: await person('SV', 'central_authority', ['central_authority']),
    hnCentral: await person('HN', 'central_authority', ['central_authority']),
  };
}

/** An extradition draft the rules find complete, translations included. */
export function extraditionDraft(over: Record<string, unknown> = {}) {
  return {
    reference: 'DOJ-OIA-2026-0173',
    summary: 'Wire fraud and money laundering',
    requestType: 'provisional_then_formal',
    requestingAuthority: 'US Department of Justice, Office of International Affairs',
    personSought: { nationalities: ['US'], custodyStatus: 'at_large' },
    redNoticeRef: 'A-1234/5-2026',
    offences: [{ description: 'Wire fraud', maxPenaltyYears: 20 }],
    documents: {
      arrestWarrant: true,
      sentence: true,
      identification: true,
      offenceDescription: true,
      penalLaw: true,
      prescriptionRules: true,
    },
    translationsProvided: ['es', 'en'],
    ...over,
  };
}

export const TRANSMISSION = { channel: 'diplomatic_note', referenceNumber: 'DOS-LEI-2026-0173', sentAt: '2026-12-01T15:00:00.000Z' };

/**
 * The supporting documents a formal extradition request travels with (issue #14's gate): the
 * warrant as an apostilled copy, the identification record and the signed request letter, shared.
 */
export async function shareSupportingDocuments(api: INestApplication, caseId: string, prosecutor: Person, central: Person): Promise<void> {
  const server = api.getHttpServer();
  const upload = async (p: Person, fields: Record<string, string>, text: string) => {
    const req = request(server).post(`/api/v1/cases/${caseId}/documents`).set('Authorization', p.auth);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    const res = await req.attach('file', minimalPdf(text), { filename: 'doc.pdf', contentType: 'application/octet-stream' });
    if (res.status !== 201) throw new Error(`upload ${fields.kind}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const send = async (path: string, p: Person, body: object = {}) => {
    const res = await request(server).post(`/api/v1${path}`).set('Authorization', p.auth).send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const warrant = await upload(prosecutor, { kind: 'judgment_or_warrant', title: 'Arrest warrant', language: 'en', shared: 'true' }, 'Warrant');
  await send(`/cases/${caseId}/documents/${warrant}/certifications`, central, { kind: 'apostilled', issuedBy: 'Department of State', issuedOn: '2026-11-20' });
  await upload(prosecutor, { kind: 'identification', title: 'Identification record', language: 'en', shared: 'true' }, 'Identification');
  const letter = await send(`/cases/${caseId}/letter`, central);
  await upload(central, { kind: 'signed_letter', title: 'Signed formal request', language: 'en', shared: 'true', signedLetterOf: letter }, 'Signed');
}
