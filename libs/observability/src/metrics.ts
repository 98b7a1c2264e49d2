import { collectDefaultMetrics, Histogram, Registry, type Metric } from 'prom-client';
import type { OpsAnswer } from './ops-server';

// One registry per process role (api, worker), so the two keep apart even when they share a
// process (the e2e tests): each scrape shows only its own process role's metrics.
export function createRegistry(app: 'api' | 'worker', shared: Metric[] = []): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry, prefix: 'comity_' });
  for (const metric of shared) registry.registerMetric(metric);
  return registry;
}

export async function metricsAnswer(registry: Registry, extra = ''): Promise<OpsAnswer> {
  return { status: 200, contentType: registry.contentType, body: (await registry.metrics()) + extra };
}

// Seconds, from a 1 ms statement to a 10 s stall.
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Times `run` into `histogram` with `labels`, adding outcome="ok"|"error". */
export async function timed<T>(
  histogram: Histogram<string>,
  labels: Record<string, string>,
  run: () => Promise<T>,
): Promise<T> {
  const end = histogram.startTimer(labels);
  try {
    const result = await run();
    end({ outcome: 'ok' });
    return result;
  } catch (err) {
    end({ outcome: 'error' });
    throw err;
  }
}
