// Latency and throughput arithmetic shared by the benchmarks (no platform imports).

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

// Runs `count` calls at a concurrency, timing each; returns latencies (ms) and throughput (/s).
export async function run(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<void>,
): Promise<{ samples: number[]; perSecond: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await call(i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, perSecond: (count / (performance.now() - started)) * 1000 };
}

export const fmt = (n: number) => n.toFixed(1);
