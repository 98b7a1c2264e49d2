import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ApiMetrics } from '../../apps/api/src/observability/api-observability.module';
import { FULL_DRAFT } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';

// Metrics and probes of a running api and worker: scraped before and after one case's lifecycle.
describe('metrics and probes', () => {
  let platform: HnToUs | undefined;
  let apiMetrics: string;
  let workerOps: string;

  beforeAll(async () => {
    platform = await startHnToUs();
    apiMetrics = `http://127.0.0.1:${platform.api.get(ApiMetrics).port}`;
    workerOps = `http://127.0.0.1:${platform.workerPort()}`;
  });
  afterAll(async () => {
    await platform?.close();
  });

  const scrape = async (base: string) => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  // The sum of the samples of `name` whose labels contain every `labels` pair.
  const sample = (text: string, name: string, labels: Record<string, string> = {}) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

  it('should move the api and worker counters through a lifecycle, and serve the SDK metrics', async () => {
    const { h, cast } = platform!;
    const [apiBefore, workerBefore] = [await scrape(apiMetrics), await scrape(workerOps)];

    const created = await h.post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201);
    const id = created.body.id as string;
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    await h.act(id, 'approve', cast.hnCentral).expect(200);
    await h.get(`/cases/${id}`, cast.hnCentral).expect(200);
    await h.get(`/cases/${id}`, cast.usCentral).expect(404);
    // The queue gauges read a snapshot of the read model up to a second old.
    await new Promise((r) => setTimeout(r, 1_100));

    const [apiAfter, workerAfter] = [await scrape(apiMetrics), await scrape(workerOps)];
    const moved = (before: string, after: string, name: string, labels?: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    // HTTP by route pattern (never the raw path with its id) and status.
    const post = { method: 'POST', route: '/api/v1/cases', status: '201' };
    expect(moved(apiBefore, apiAfter, 'comity_http_requests_total', post)).toBe(1);
    expect(moved(apiBefore, apiAfter, 'comity_http_request_duration_seconds_count', post)).toBe(1);
    const action = { method: 'POST', route: '/api/v1/cases/:id/actions/:action', status: '200' };
    expect(moved(apiBefore, apiAfter, 'comity_http_requests_total', action)).toBe(2);
    expect(moved(apiBefore, apiAfter, 'comity_http_requests_total', { route: '/api/v1/cases/:id', status: '404' })).toBe(1);
    expect(apiAfter).not.toContain(id);
    // Reads of a case are audited by the api.
    expect(moved(apiBefore, apiAfter, 'comity_audit_write_seconds_count')).toBeGreaterThan(0);
    // Queue depth per authority, from the read model: the approved case waits on the HN side.
    const holder = (await platform!.ds.query(
      `SELECT COALESCE(a.code, c.holder_jurisdiction || '/' || c.holder_role) AS authority
         FROM cases c LEFT JOIN authorities a ON a.id = c.holder_authority_id WHERE c.id = $1`,
      [id],
    )) as { authority: string }[];
    expect(sample(apiAfter, 'comity_queue_depth', { authority: holder[0].authority })).toBeGreaterThanOrEqual(1);
    expect(apiAfter).toMatch(/^comity_queue_overdue\{authority="[^"]+",app="api"\} \d+$/m);

    // The worker: projection write times (and every other activity), audit writes in projections.
    expect(moved(workerBefore, workerAfter, 'comity_activity_duration_seconds_count', { activity: 'projectTransition', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(moved(workerBefore, workerAfter, 'comity_audit_write_seconds_count')).toBeGreaterThanOrEqual(3);
    // The Temporal SDK's own metrics (Core's Prometheus exporter), behind ours.
    expect(moved(workerBefore, workerAfter, 'temporal_workflow_task_execution_latency_count')).toBeGreaterThan(0);
    expect(moved(workerBefore, workerAfter, 'temporal_activity_execution_latency_count')).toBeGreaterThan(0);

    // Every metric the shipped Grafana dashboard queries is one the api or the worker serves.
    const dashboard = readFileSync(join(__dirname, '..', '..', 'deploy', 'grafana', 'comity-dashboard.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/\b((?:comity|temporal)_\w+)/g)].map(([, m]) => m));
    const served = `${apiAfter}\n${workerAfter}`;
    // The SDK exports its failure counters from the first failure on (Core's names); none here.
    const onFirstFailure = ['temporal_workflow_task_execution_failed', 'temporal_activity_execution_failed'];
    const missing = [...queried].filter((m) => !new RegExp(`^${m}[{ ]`, 'm').test(served));
    expect(missing.filter((m) => !onFirstFailure.includes(m))).toEqual([]);
    expect(queried.size).toBeGreaterThan(10);
  });

  it('should answer liveness and readiness on the api and the worker', async () => {
    const server = platform!.api.getHttpServer();
    await request(server).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      components: { database: { status: 'up' }, migrations: { status: 'up' }, temporal: { status: 'up' } },
    });
    // The first releases' /health still answers.
    await request(server).get('/health').expect(200);

    expect(await (await fetch(`${workerOps}/health/live`)).json()).toEqual({ status: 'ok' });
    const workerReady = await fetch(`${workerOps}/health/ready`);
    expect(workerReady.status).toBe(200);
    expect((await workerReady.json()).components).toEqual({
      worker: { status: 'up' },
      database: { status: 'up' },
      migrations: { status: 'up' },
      temporal: { status: 'up' },
    });
  });

  it('should keep the metrics off the public api port', async () => {
    for (const path of ['/metrics', '/api/v1/metrics']) {
      const res = await request(platform!.api.getHttpServer()).get(path);
      expect(res.text).not.toContain('comity_http_requests_total');
    }
  });
});
