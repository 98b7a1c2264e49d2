import { createHash } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import request from 'supertest';
import { FULL_DRAFT, http, type Cast } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import { minimalPdf } from '../support/documents';
import { startS3, S3RVER_CREDENTIALS, type TestS3 } from '../support/s3-server';
import { zipEntries } from '../support/zip';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// The same documents api with DOCUMENT_STORE=s3, against a real S3-compatible server (s3rver):
// content goes to the bucket under its hash, comes back through the api and in the package.
describe('documents on an S3-compatible store', () => {
  let s3: TestS3;
  let platform: HnToUs | undefined;
  let cast: Cast;
  let h: ReturnType<typeof http>;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startS3('comity-e2e-documents');
    Object.assign(process.env, {
      DOCUMENT_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    });
    platform = await startHnToUs();
    ({ cast, h } = platform);
  });
  afterAll(async () => {
    await platform?.close();
    await s3?.close();
    process.env = saved;
  });

  it('should keep uploads in the bucket under their SHA-256 and serve them and their package from there', async () => {
    const server = platform!.api.getHttpServer();
    const caseId = (await h.post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201)).body.id;
    const file = minimalPdf('Bank records in S3');
    const uploaded = await request(server)
      .post(`/api/v1/cases/${caseId}/documents`)
      .set('Authorization', cast.hnProsecutor.auth)
      .field('kind', 'evidence')
      .field('title', 'Bank records')
      .field('language', 'en')
      .field('shared', 'true')
      .attach('file', file, { filename: 'records.pdf' })
      .expect(201);
    expect(uploaded.body.versions[0].sha256).toBe(sha(file));
    const keys = (await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents?.map((o) => o.Key);
    expect(keys).toEqual(expect.arrayContaining([`sha256/${sha(file)}`]));
    expect(keys?.filter((k) => k?.startsWith('staging/'))).toEqual([]);

    const binary = (path: string) =>
      request(server)
        .get(`/api/v1${path}`)
        .set('Authorization', cast.usCentral.auth)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    for (const action of ['submit', 'approve', 'record_translation', 'transmit']) {
      await h.act(caseId, action, action === 'submit' ? cast.hnProsecutor : cast.hnCentral).expect(200);
    }
    const content = await binary(`/cases/${caseId}/documents/${uploaded.body.id}/content`).expect(200);
    expect(sha(content.body)).toBe(sha(file));
    const zip = zipEntries((await binary(`/cases/${caseId}/packages/1/zip`).expect(200)).body);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8'));
    expect(manifest.documents).toEqual([expect.objectContaining({ sha256: sha(file) })]);
    expect(sha(zip.get(manifest.documents[0].path)!)).toBe(sha(file));
  });
});
