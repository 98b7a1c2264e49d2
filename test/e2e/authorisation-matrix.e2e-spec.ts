import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import {
  auditRows,
  bearer,
  createAuthority,
  createUser,
  insertCase,
  type TestAuthority,
  type TestCase,
  type TestUser,
} from '../support/auth';
import { startApi } from '../support/platform';

// Every endpoint x role x relation to the case. Jurisdictions are ISO 3166 user-assigned codes
// (QM, QG, QH, QS, QU) that no other test uses, so lists and counts can be compared exactly:
//   QM = the callers' own state, QG = a state that sends requests to QM, QH/QS = unrelated states.
const OWN = 'QM';
const SENDER = 'QG';

type Relation =
  | 'ownOffice'
  | 'otherOfficeSameCountry'
  | 'requestedBeforeTransmission'
  | 'requestedAfterTransmission'
  | 'otherCountry'
  | 'sealedAssigned'
  | 'sealedUnassigned';
const RELATIONS: Relation[] = [
  'ownOffice',
  'otherOfficeSameCountry',
  'requestedBeforeTransmission',
  'requestedAfterTransmission',
  'otherCountry',
  'sealedAssigned',
  'sealedUnassigned',
];

type Who =
  | 'prosecutor'
  | 'centralAuthority'
  | 'supervisorOfOffice'
  | 'supervisorOfJurisdiction'
  | 'admin'
  | 'senderCentralAuthority';
const WHO: Who[] = [
  'prosecutor',
  'centralAuthority',
  'supervisorOfOffice',
  'supervisorOfJurisdiction',
  'admin',
  'senderCentralAuthority',
];

// The policy, spelled out: which cases each caller sees.
const VISIBLE: Record<Who, Relation[]> = {
  prosecutor: ['ownOffice', 'sealedAssigned'],
  centralAuthority: ['ownOffice', 'otherOfficeSameCountry', 'requestedAfterTransmission', 'sealedAssigned'],
  supervisorOfOffice: ['ownOffice', 'sealedAssigned'],
  supervisorOfJurisdiction: [
    'ownOffice',
    'otherOfficeSameCountry',
    'requestedAfterTransmission',
    'sealedAssigned',
  ],
  admin: [],
  // The requesting central authority of QG sees its own outgoing requests before and after transmission.
  senderCentralAuthority: ['requestedBeforeTransmission', 'requestedAfterTransmission'],
};
// Who may read a visible case's audit trail (central authorities and supervisors).
const READS_HISTORY: Record<Who, boolean> = {
  prosecutor: false,
  centralAuthority: true,
  supervisorOfOffice: true,
  supervisorOfJurisdiction: true,
  admin: false,
  senderCentralAuthority: true,
};
const VERIFIES: Record<Who, boolean> = {
  prosecutor: false,
  centralAuthority: false,
  supervisorOfOffice: true,
  supervisorOfJurisdiction: true,
  admin: true,
  senderCentralAuthority: false,
};

describe('authorisation matrix', () => {
  let api: INestApplication;
  let ds: DataSource;
  const users = {} as Record<Who, TestUser>;
  const auth = {} as Record<Who, string>;
  const cases = {} as Record<Relation, TestCase>;
  const http = () => request(api.getHttpServer());
  let scratch: { authority: TestAuthority; service: string; token: string };

  beforeAll(async () => {
    process.env.LOGIN_RATE_LIMIT = '10000';
    process.env.API_RATE_LIMIT = '100000';
    ds = await testDataSource();
    api = await startApi();

    const officeA = await createAuthority(ds, OWN, 'prosecutor_office');
    const officeB = await createAuthority(ds, OWN, 'prosecutor_office');
    const central = await createAuthority(ds, OWN, 'central_authority');
    const supervisory = await createAuthority(ds, OWN, 'supervisory');
    const platform = await createAuthority(ds, OWN, 'platform');
    const senderOffice = await createAuthority(ds, SENDER, 'prosecutor_office');
    const senderCentral = await createAuthority(ds, SENDER, 'central_authority');
    const unrelatedOffice = await createAuthority(ds, 'QH', 'prosecutor_office');

    users.prosecutor = await createUser(ds, officeA, ['prosecutor']);
    users.centralAuthority = await createUser(ds, central, ['central_authority']);
    users.supervisorOfOffice = await createUser(ds, officeA, ['supervisor']);
    users.supervisorOfJurisdiction = await createUser(ds, supervisory, ['supervisor']);
    users.admin = await createUser(ds, platform, ['admin']);
    users.senderCentralAuthority = await createUser(ds, senderCentral, ['central_authority']);
    for (const who of WHO) auth[who] = await bearer(api, users[who]);

    const everyone = WHO.map((w) => users[w].id);
    const mine = {
      requestingState: OWN,
      requestedState: 'QU',
      requestingAuthorityId: officeA.id,
      transmitted: false,
      sealed: false,
    };
    const incoming = {
      requestingState: SENDER,
      requestedState: OWN,
      requestingAuthorityId: senderOffice.id,
      sealed: false,
    };
    cases.ownOffice = await insertCase(ds, mine);
    cases.otherOfficeSameCountry = await insertCase(ds, { ...mine, requestingAuthorityId: officeB.id });
    cases.requestedBeforeTransmission = await insertCase(ds, { ...incoming, transmitted: false });
    cases.requestedAfterTransmission = await insertCase(ds, { ...incoming, transmitted: true });
    cases.otherCountry = await insertCase(ds, {
      requestingState: 'QH',
      requestedState: 'QS',
      requestingAuthorityId: unrelatedOffice.id,
      transmitted: true,
      sealed: false,
    });
    cases.sealedAssigned = await insertCase(ds, { ...mine, sealed: true, transmitted: true }, everyone);
    cases.sealedUnassigned = await insertCase(ds, { ...mine, sealed: true, transmitted: true });

    // Targets for the admin endpoints.
    const authority = await createAuthority(ds, OWN, 'prosecutor_office');
    const [service] = await ds.query(
      `INSERT INTO users (kind, display_name, authority_id, roles) VALUES ('service', 'Matrix service', $1, '{}') RETURNING id`,
      [authority.id],
    );
    const [token] = await ds.query(
      `INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, 'matrix', $2) RETURNING id`,
      [service.id, Buffer.from(randomUUID())],
    );
    scratch = { authority, service: service.id, token: token.id };
  });
  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
  });

  const visible = (who: Who, rel: Relation) => VISIBLE[who].includes(rel);
  const grid = WHO.flatMap((who) => RELATIONS.map((rel) => [who, rel] as const));

  describe('GET /api/v1/cases/:id/audit', () => {
    it.each(grid)('%s on %s', async (who, rel) => {
      const expected = !visible(who, rel) ? 404 : READS_HISTORY[who] ? 200 : 403;
      const res = await http().get(`/api/v1/cases/${cases[rel].id}/audit`).set('Authorization', auth[who]);
      expect(res.status).toBe(expected);
      if (expected === 200) {
        expect(res.body.items).toEqual(expect.any(Array));
      } else {
        // The refusal is on the case's chain, attributed to the caller.
        const denied = await auditRows(ds, {
          actorId: users[who].id,
          caseId: cases[rel].id,
          outcome: 'denied',
        });
        expect(denied.map((r) => r.action)).toContain('case.audit.read');
      }
    });

    it('should answer 404 for a case that does not exist, and audit it on the global chain', async () => {
      const missing = randomUUID();
      await http()
        .get(`/api/v1/cases/${missing}/audit`)
        .set('Authorization', auth.centralAuthority)
        .expect(404);
      const [row] = await ds.query(
        `SELECT chain_key, outcome FROM audit_records WHERE actor_id = $1 AND details->>'targetCaseId' = $2`,
        [users.centralAuthority.id, missing],
      );
      expect(row).toEqual({ chain_key: 'global', outcome: 'denied' });
    });

    it("should show the case's own history: the refusals and reads recorded above", async () => {
      const res = await http()
        .get(`/api/v1/cases/${cases.ownOffice.id}/audit`)
        .set('Authorization', auth.supervisorOfJurisdiction)
        .expect(200);
      const actors = new Set(res.body.items.map((e: { actorId: string }) => e.actorId));
      expect(actors).toContain(users.admin.id); // the admin's refused attempt
      expect(res.body.items.map((e: { seq: number }) => e.seq)).toEqual(
        res.body.items.map((_: unknown, i: number) => i + 1),
      );
    });
  });

  describe('GET /api/v1/audit/verify', () => {
    it.each(WHO)('%s', async (who) => {
      const res = await http().get('/api/v1/audit/verify').set('Authorization', auth[who]);
      expect(res.status).toBe(VERIFIES[who] ? 200 : 403);
      if (VERIFIES[who]) expect(res.body).toMatchObject({ ok: true, firstBroken: null });
      else
        expect(
          await auditRows(ds, { actorId: users[who].id, action: 'auth.authorize', outcome: 'denied' }),
        ).not.toHaveLength(0);
    });

    it("should walk only the chains of a supervisor's cases, plus the global chain", async () => {
      const res = await http()
        .get('/api/v1/audit/verify')
        .set('Authorization', auth.supervisorOfOffice)
        .expect(200);
      const ids = VISIBLE.supervisorOfOffice.map((r) => cases[r].id);
      const [{ n }] = await ds.query(
        `SELECT count(DISTINCT chain_key)::int AS n FROM audit_records WHERE chain_key = ANY($1)`,
        [ids],
      );
      expect(res.body.chainsChecked).toBe(n + 1);
    });
  });

  describe('GET /api/v1/auth/me', () => {
    it.each(WHO)('%s', async (who) => {
      const res = await http().get('/api/v1/auth/me').set('Authorization', auth[who]).expect(200);
      expect(res.body.id).toBe(users[who].id);
    });
  });

  describe('admin endpoints', () => {
    const routes = (): {
      method: 'get' | 'post' | 'patch' | 'put' | 'delete';
      path: string;
      body?: object;
      ok: number;
    }[] => [
      { method: 'get', path: '/api/v1/admin/authorities', ok: 200 },
      {
        method: 'post',
        path: '/api/v1/admin/authorities',
        body: {
          code: `QM-M-${randomUUID().slice(0, 8).toUpperCase()}`,
          name: 'Matrix office',
          jurisdiction: OWN,
          kind: 'prosecutor_office',
        },
        ok: 201,
      },
      { method: 'get', path: `/api/v1/admin/authorities/${scratch.authority.id}`, ok: 200 },
      {
        method: 'patch',
        path: `/api/v1/admin/authorities/${scratch.authority.id}`,
        body: { name: 'Renamed office' },
        ok: 200,
      },
      { method: 'get', path: '/api/v1/admin/users', ok: 200 },
      {
        method: 'post',
        path: '/api/v1/admin/users',
        body: { kind: 'service', displayName: 'Matrix sync', authorityId: scratch.authority.id, roles: [] },
        ok: 201,
      },
      { method: 'get', path: `/api/v1/admin/users/${scratch.service}`, ok: 200 },
      {
        method: 'patch',
        path: `/api/v1/admin/users/${scratch.service}`,
        body: { displayName: 'Matrix sync 2' },
        ok: 200,
      },
      {
        method: 'put',
        path: `/api/v1/admin/users/${scratch.service}/roles`,
        body: { roles: ['prosecutor'] },
        ok: 200,
      },
      { method: 'post', path: `/api/v1/admin/users/${users.prosecutor.id}/unlock`, ok: 200 },
      { method: 'get', path: `/api/v1/admin/users/${scratch.service}/api-tokens`, ok: 200 },
      {
        method: 'post',
        path: `/api/v1/admin/users/${scratch.service}/api-tokens`,
        body: { name: 'matrix' },
        ok: 201,
      },
      { method: 'delete', path: `/api/v1/admin/api-tokens/${scratch.token}`, ok: 204 },
    ];

    it.each(WHO)('%s', async (who) => {
      for (const route of routes()) {
        const res = await http()
          [route.method](route.path)
          .set('Authorization', auth[who])
          .send(route.body ?? {});
        expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          route: `${route.method} ${route.path}`,
          status: who === 'admin' ? route.ok : 403,
        });
      }
    });

    it('should let an admin set a password, which ends that user’s sessions', async () => {
      const victim = await createUser(ds, scratch.authority, ['prosecutor']);
      const victimAuth = await bearer(api, victim);
      await http()
        .post(`/api/v1/admin/users/${victim.id}/password`)
        .set('Authorization', auth.prosecutor)
        .send({ password: 'another-long-password' })
        .expect(403);
      await http()
        .post(`/api/v1/admin/users/${victim.id}/password`)
        .set('Authorization', auth.admin)
        .send({ password: 'another-long-password' })
        .expect(204);
      await http().get('/api/v1/auth/me').set('Authorization', victimAuth).expect(401);
    });
  });

  // The case read endpoints belong to the case lifecycle; their contract here: GET /cases returns
  // { items, total, nextCursor } filtered by visibility, and GET /cases/:id answers 404 when the
  // case is not visible, with the read (or the refusal) on the case's audit chain.
  describe('GET /api/v1/cases/:id', () => {
    it.each(grid)('%s on %s', async (who, rel) => {
      const res = await http().get(`/api/v1/cases/${cases[rel].id}`).set('Authorization', auth[who]);
      expect(res.status).toBe(visible(who, rel) ? 200 : 404);
      const rows = await auditRows(ds, {
        actorId: users[who].id,
        caseId: cases[rel].id,
        action: 'case.read',
      });
      expect(rows.map((r) => r.outcome)).toContain(visible(who, rel) ? 'allowed' : 'denied');
    });
  });

  describe('GET /api/v1/cases', () => {
    it.each(WHO)('%s sees exactly their cases, and the total counts only those', async (who) => {
      const res = await http().get('/api/v1/cases?limit=100').set('Authorization', auth[who]).expect(200);
      const ids = res.body.items.map((c: { id: string }) => c.id).sort();
      const expected = VISIBLE[who].map((r) => cases[r].id).sort();
      expect(ids).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    });
  });
});
