import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer, createAuthority, createUser, type TestUser } from './auth';

export interface Person {
  user: TestUser;
  auth: string;
}

export interface Cast {
  hnProsecutor: Person;
  hnProsecutorOtherOffice: Person;
  hnOfficeSupervisor: Person;
  hnCentral: Person;
  hnSupervisor: Person;
  usCentral: Person;
  usSupervisor: Person;
  gtCentral: Person;
}

// The people of an HN→US request, each logged in through the real api.
export async function castForHnToUs(api: INestApplication, ds: DataSource): Promise<Cast> {
  const [hnOffice, hnOtherOffice, hnCa, usCa, gtCa] = await Promise.all([
    createAuthority(ds, 'HN', 'prosecutor_office'),
    createAuthority(ds, 'HN', 'prosecutor_office'),
    createAuthority(ds, 'HN', 'central_authority'),
    createAuthority(ds, 'US', 'central_authority'),
    createAuthority(ds, 'GT', 'central_authority'),
  ]);
  const person = async (authority: typeof hnOffice, roles: TestUser['roles']): Promise<Person> => {
    const user = await createUser(ds, authority, roles);
    return { user, auth: await bearer(api, user) };
  };
  return {
    hnProsecutor: await person(hnOffice, ['prosecutor']),
    hnProsecutorOtherOffice: await person(hnOtherOffice, ['prosecutor']),
    hnOfficeSupervisor: await person(hnOffice, ['supervisor']),
    hnCentral: await person(hnCa, ['central_authority']),
    hnSupervisor: await person(hnCa, ['supervisor']),
    usCentral: await person(usCa, ['central_authority']),
    usSupervisor: await person(usCa, ['supervisor']),
    gtCentral: await person(gtCa, ['central_authority']),
  };
}

export const COMPLETE_DRAFT = {
  reference: 'HN-FGR-2026-0042',
  summary: 'Bank records of a shell company used to launder proceeds',
  requestingAuthority: 'Ministerio Público de Honduras',
  investigatingAuthority: 'Fiscalía Especial contra el Crimen Organizado',
  subject: 'Money laundering investigation',
  factsSummary: 'Funds moved through accounts held in Miami between 2023 and 2025',
  assistanceSought: 'Bank records of two accounts',
  personsConcerned: [{ name: 'Account holders' }],
  purpose: 'Trace the proceeds',
  offences: [{ description: 'Money laundering', maxPenaltyYears: 15 }],
};

// A draft complete enough to submit under IA-MLA (HN to US).
export const FULL_DRAFT = {
  ...COMPLETE_DRAFT,
  investigatingAuthority: 'FESCCO',
  subject: 'Money laundering',
  factsSummary: 'Funds moved through accounts in Miami',
  assistanceSought: 'Bank records',
  personsConcerned: [{ name: 'Account holders' }],
};

export function http(api: INestApplication) {
  const server = api.getHttpServer();
  return {
    get: (path: string, p: Person) => request(server).get(`/api/v1${path}`).set('Authorization', p.auth),
    post: (path: string, p: Person, body: object = {}) =>
      request(server).post(`/api/v1${path}`).set('Authorization', p.auth).send(body),
    patch: (path: string, p: Person, body: object) =>
      request(server).patch(`/api/v1${path}`).set('Authorization', p.auth).send(body),
    act: (caseId: string, action: string, p: Person, body: object = {}) =>
      request(server)
        .post(`/api/v1/cases/${caseId}/actions/${action}`)
        .set('Authorization', p.auth)
        .send(body),
  };
}
