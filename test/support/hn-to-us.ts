import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { testDataSource } from './database';
import { castForHnToUs, http, type Cast } from './people';
import { startApi, startWorker } from './platform';
import { WorkerObservability } from '../../apps/worker/src/observability/worker-observability';

/** The real worker and api, the run's database, and the people of an HN→US request. */
export interface HnToUs {
  api: INestApplicationContext & INestApplication;
  ds: DataSource;
  cast: Cast;
  h: ReturnType<typeof http>;
  /** The worker's operations port (metrics and probes). */
  workerPort(): number;
  close(): Promise<void>;
}

export async function startHnToUs(): Promise<HnToUs> {
  const worker = await startWorker();
  const api = await startApi();
  const ds = await testDataSource();
  const cast = await castForHnToUs(api, ds);
  return {
    api,
    ds,
    cast,
    h: http(api),
    workerPort: () => worker.get(WorkerObservability).port!,
    async close() {
      await api.close();
      await worker.close();
      await ds.destroy();
    },
  };
}
