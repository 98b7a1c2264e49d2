import './register-paths';
import 'reflect-metadata';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { COMITY_SEARCH_ATTRIBUTES } from '../../libs/contracts/src';
import { dynamicConfigArgs } from '../../libs/temporal/src/server-settings';
import { migrate } from '../../libs/persistence/src';
import { loadBundledRules } from './rules-data';
import { TEST_NAMESPACE, testDatabaseUrl } from './env';

declare global {
  var __COMITY_TEST_ENV__: { temporal: TestWorkflowEnvironment; databaseUrl: string } | undefined;
}

// Runs once for all infrastructure tiers: a fresh database with every migration applied, and a
// real Temporal dev server from the project's own CLI build (never a download).
export default async function globalSetup(): Promise<void> {
  if (globalThis.__COMITY_TEST_ENV__) return;
  const databaseUrl = testDatabaseUrl(`comity_test_${process.pid}_${Date.now()}`);
  await migrate(databaseUrl);
  await loadBundledRules(databaseUrl);

  const cli = process.env.TEMPORAL_CLI || execFileSync('bash', ['scripts/temporal-cli.sh'], { encoding: 'utf8' }).trim();
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      namespace: TEST_NAMESPACE,
      searchAttributes: COMITY_SEARCH_ATTRIBUTES,
      ip: '127.0.0.1',
      // Continue-as-new every ~40 events, so every long test crosses run boundaries.
      extraArgs: dynamicConfigArgs({ 'limit.historyCount.suggestContinueAsNew': 40 }),
    },
  });

  globalThis.__COMITY_TEST_ENV__ = { temporal, databaseUrl };
  process.env.DATABASE_URL = databaseUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_NAMESPACE = TEST_NAMESPACE;
  process.env.TEMPORAL_CLI = cli;
  // Operations ports (metrics, the worker's probes) on free ports: test files run side by side.
  process.env.API_METRICS_PORT ??= '0';
  process.env.WORKER_METRICS_PORT ??= '0';
  // Payloads are encrypted under a random key per run (api, worker, harness clients and workers).
  process.env.PAYLOAD_KEYS ??= `test-${Date.now()}:${randomBytes(32).toString('base64')}`;
}
