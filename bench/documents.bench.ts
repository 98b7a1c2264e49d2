// Documents (issue #14): upload and download of large files through the api, against the store
// alone as the baseline measured in the same run, with the api's resident memory sampled during
// each transfer (it must stream: memory must not grow with the file); and request-letter
// generation latency against a plain case read. Run: bash scripts/run-ts.sh bench/documents.bench.ts
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { PostgresBlobStore } from '@comity/documents';
import { rssMiB } from './support/procfs';
import { fmt, percentiles, runBench, startStack, type Stack } from './support/stack';

const MiB = 1024 * 1024;
const SIZES_MIB = (process.env.BENCH_DOCUMENT_SIZES ?? '20,80').split(',').map(Number);
const LETTERS = Number(process.env.BENCH_LETTERS ?? 30);
const CHUNK = 256 * 1024;

const DRAFT = {
  reference: 'BENCH-DOC-1',
  requestingAuthority: 'Ministerio Público de Honduras',
  investigatingAuthority: 'FESCCO',
  subject: 'Lavado de activos',
  factsSummary: 'Fondos transferidos a cuentas en Miami entre 2023 y 2025.',
  assistanceSought: 'Estados de cuenta bancarios',
  personsConcerned: [{ name: 'Titular', nationality: 'HN' }],
  purpose: 'Rastrear el producto del delito',
  offences: [{ description: 'Lavado de activos', maxPenaltyYears: 15 }],
};

// A file of `size` bytes that the type check takes for a PDF, generated chunk by chunk.
function* fileChunks(size: number, seed: Buffer): Generator<Buffer> {
  const header = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  yield header;
  let sent = header.length;
  while (sent < size) {
    const n = Math.min(CHUNK, size - sent);
    yield n === CHUNK ? seed : seed.subarray(0, n);
    sent += n;
  }
}

// Samples the api's resident memory every 10 ms while `work` runs.
async function withMemory<T>(pid: number | null, work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  if (pid === null) return { result: await work(), before: NaN, peak: NaN };
  const before = rssMiB(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 10);
  try {
    return { result: await work(), before, peak };
  } finally {
    clearInterval(timer);
  }
}

// POST multipart/form-data, the file streamed from a generator (never a whole buffer).
function uploadStreamed(stack: Stack, auth: string, caseId: string, size: number, seed: Buffer): Promise<{ status: number; body: string }> {
  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    ['kind', 'evidence', 'title', 'Bench file', 'language', 'es']
      .reduce<string[]>((out, v, i, a) => (i % 2 ? out : [...out, `--${boundary}\r\nContent-Disposition: form-data; name="${v}"\r\n\r\n${a[i + 1]}\r\n`]), [])
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${stack.baseUrl}/api/v1/cases/${caseId}/documents`);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: auth,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    Readable.from((function* () {
      yield head;
      yield* fileChunks(size, seed);
      yield tail;
    })()).pipe(req);
  });
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function main(): Promise<void> {
  // Metrics ports of their own, so the run does not collide with another stack on this machine.
  process.env.API_METRICS_PORT ??= '0';
  process.env.WORKER_METRICS_PORT ??= '0';
  const stack = await startStack('documents');
  try {
    const prosecutor = await stack.token('prosecutor.hn');
    const central = await stack.token('central.hn');
    const api = (path: string, auth: string, init: RequestInit = {}) =>
      fetch(`${stack.baseUrl}/api/v1${path}`, { ...init, headers: { authorization: auth, 'content-type': 'application/json', ...init.headers } });
    const created = await api('/cases', prosecutor, { method: 'POST', body: JSON.stringify({ kind: 'mla', requestedState: 'US', draft: DRAFT }) });
    const caseId = ((await created.json()) as { id: string }).id;
    const store = new PostgresBlobStore(stack.db);
    const seed = randomBytes(CHUNK);
    const apiPid = stack.pids?.api ?? null;

    // One small transfer first, so the sizes below measure transfers, not the api loading its
    // upload path (file-type, busboy, pdf code) and filling its connection pool.
    const warm = await uploadStreamed(stack, prosecutor, caseId, MiB, seed);
    const warmId = (JSON.parse(warm.body) as { id: string }).id;
    await drain((await api(`/cases/${caseId}/documents/${warmId}/content`, central)).body as unknown as AsyncIterable<Uint8Array>);

    console.log(`Documents: api ${apiPid ? `process ${apiPid}` : 'in this process (memory not sampled)'}, PostgreSQL store`);
    for (const mib of SIZES_MIB) {
      const size = mib * MiB;
      // Baseline: the same bytes straight into the store and back, from this process.
      let t0 = performance.now();
      const staged = await store.stage(Readable.from(fileChunks(size, randomBytes(CHUNK))));
      await staged.commit(createHash('sha256').update(randomBytes(32)).digest('hex'));
      const storeUpMs = performance.now() - t0;

      const up = await withMemory(apiPid, async () => {
        const t = performance.now();
        const res = await uploadStreamed(stack, prosecutor, caseId, size, seed);
        if (res.status !== 201) throw new Error(`upload ${res.status}: ${res.body.slice(0, 300)}`);
        return { ms: performance.now() - t, doc: JSON.parse(res.body) as { id: string; versions: { sha256: string }[] } };
      });
      const sha = up.result.doc.versions[0].sha256;

      t0 = performance.now();
      await drain(await store.open(sha));
      const storeDownMs = performance.now() - t0;

      const down = await withMemory(apiPid, async () => {
        const t = performance.now();
        const res = await api(`/cases/${caseId}/documents/${up.result.doc.id}/content`, central);
        const got = await drain(res.body as unknown as AsyncIterable<Uint8Array>);
        if (got.sha256 !== sha || got.bytes !== size) throw new Error(`downloaded ${got.bytes} bytes, uploaded ${size}; hashes ${got.sha256 === sha ? 'equal' : 'differ'}`);
        return performance.now() - t;
      });

      const rate = (ms: number) => fmt(mib / (ms / 1000));
      console.log(
        `${mib} MiB upload:   api ${rate(up.result.ms)} MiB/s, store alone ${rate(storeUpMs)} MiB/s, ratio ${(up.result.ms / storeUpMs).toFixed(2)}; ` +
          `api RSS ${fmt(up.before)} -> peak ${fmt(up.peak)} MiB (+${fmt(up.peak - up.before)})`,
      );
      console.log(
        `${mib} MiB download: api ${rate(down.result)} MiB/s, store alone ${rate(storeDownMs)} MiB/s, ratio ${(down.result / storeDownMs).toFixed(2)}; ` +
          `api RSS ${fmt(down.before)} -> peak ${fmt(down.peak)} MiB (+${fmt(down.peak - down.before)})`,
      );
    }

    // Letter generation (evaluation, PDF, hashing, storage, audit) against a plain case read.
    const time = async (n: number, call: () => Promise<Response>) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await call();
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`status ${res.status}`);
        samples.push(performance.now() - t);
      }
      return percentiles(samples.slice(2));
    };
    const reads = await time(LETTERS + 2, () => api(`/cases/${caseId}`, central));
    const letters = await time(LETTERS + 2, () => api(`/cases/${caseId}/letter`, central, { method: 'POST', body: '{}' }));
    console.log(
      `Letter generation (${LETTERS}, sequential): p50 ${fmt(letters.p50)} ms, p95 ${fmt(letters.p95)} ms; ` +
        `case read p50 ${fmt(reads.p50)} ms, p95 ${fmt(reads.p95)} ms; p95 ratio ${(letters.p95 / reads.p95).toFixed(1)}`,
    );
  } finally {
    await stack.close();
  }
}

runBench(main);
