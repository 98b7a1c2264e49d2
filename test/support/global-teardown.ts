import './register-paths';
import { dropDatabase } from '../../libs/persistence/src';

export default async function globalTeardown(): Promise<void> {
  const env = globalThis.__COMITY_TEST_ENV__;
  if (!env) return;
  globalThis.__COMITY_TEST_ENV__ = undefined;
  await env.temporal.teardown();
  if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(env.databaseUrl);
}
