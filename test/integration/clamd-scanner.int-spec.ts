import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ClamdScanner, ingest, PostgresBlobStore } from '../../libs/documents/src';
import { clamdInstalled, startClamd, TEST_MALWARE_MARKER, type TestClamd } from '../support/clamd';
import { chunksOf, minimalPdf } from '../support/documents';
import { isolatedDatabase } from '../support/isolated-database';

// The optional malware scan against a real ClamAV daemon (INSTREAM over TCP) with a test
// signature. Where clamd is not installed (apt-get install clamav-daemon) the suite says so and
// is skipped: a fake daemon would only test our reading of our own fake.
const suite = clamdInstalled() ? describe : describe.skip;
if (!clamdInstalled()) console.warn('clamd is not installed: the ClamAV scanner suite is skipped');

suite('ClamAV scan on upload', () => {
  let clamd: TestClamd;
  let ds: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    clamd = await startClamd();
    ({ dataSource: ds, drop } = await isolatedDatabase(4));
  });
  afterAll(async () => {
    await clamd?.close();
    await drop?.();
  });

  it('should refuse a file carrying a signature and keep nothing of it', async () => {
    const store = new PostgresBlobStore(ds);
    const infected = Buffer.concat([minimalPdf('Report'), randomBytes(300_000), Buffer.from(TEST_MALWARE_MARKER), randomBytes(1000)]);
    await expect(
      ingest(chunksOf(infected), store, { maxBytes: 10e6, scanner: new ClamdScanner(clamd.host, clamd.port) }),
    ).rejects.toMatchObject({ reason: 'malware', message: expect.stringContaining('Comity.Test.Signature') });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM document_blobs`);
    expect(n).toBe(0);
  });

  it('should store a clean file scanned in the same stream', async () => {
    const store = new PostgresBlobStore(ds);
    const clean = Buffer.concat([minimalPdf('Clean report'), randomBytes(2 * 1024 * 1024)]);
    const ingested = await ingest(chunksOf(clean), store, { maxBytes: 10e6, scanner: new ClamdScanner(clamd.host, clamd.port) });
    expect(ingested).toMatchObject({ size: clean.length, mediaType: 'application/pdf' });
    expect(await store.has(ingested.sha256)).toBe(true);
  });

  it('should fail the upload, not pass it unscanned, when clamd cannot be reached', async () => {
    const store = new PostgresBlobStore(ds);
    await expect(
      ingest(chunksOf(minimalPdf('x')), store, { maxBytes: 10e6, scanner: new ClamdScanner('127.0.0.1', 1) }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
