import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadRulesDocuments } from '../../libs/rules-store/src';
import { bearer, createAuthority, createUser, type TestUser } from './auth';
import { isolatedDatabase } from './isolated-database';
import { startApi } from './platform';

export interface RulesApi {
  api: INestApplication;
  ds: DataSource;
  admin: TestUser;
  adminAuth: string;
  prosecutorAuth: string;
  close(): Promise<void>;
}

// The api on a database of its own with the rules data loaded, an administrator and a prosecutor:
// for suites that change the rules (a treaty's status, an authority's policy), which must not leak
// into other suites' evaluations.
export async function startRulesApi(adminState: string, prosecutorState: string): Promise<RulesApi> {
  process.env.API_RATE_LIMIT = '10000';
  const { dataSource: ds, url, drop } = await isolatedDatabase();
  await loadRulesDocuments(ds);
  process.env.DATABASE_URL = url;
  const api = await startApi();
  const admin = await createUser(ds, await createAuthority(ds, adminState, 'platform'), ['admin']);
  const prosecutor = await createUser(ds, await createAuthority(ds, prosecutorState, 'prosecutor_office'), ['prosecutor']);
  return {
    api,
    ds,
    admin,
    adminAuth: await bearer(api, admin),
    prosecutorAuth: await bearer(api, prosecutor),
    async close() {
      await api.close();
      await drop();
    },
  };
}
