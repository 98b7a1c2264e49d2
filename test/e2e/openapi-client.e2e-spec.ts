import type { INestApplication } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { startApi } from '../support/platform';

// A typed client generated from the document the api serves compiles (issue #17): the types are
// generated here, from the running api, so they cannot drift from it. `npm run api:types` writes
// the same file from an api started with `npm start`.

const ROOT = join(__dirname, '..', '..');
// The types, for people and for `npm run api:types` users (not committed).
const GENERATED = join(ROOT, 'test', 'generated');
// The calls compiled against them: outside the project's tsconfig (one of them must not compile),
// where imports still resolve from node_modules.
const COMPILED = join(ROOT, 'node_modules', '.cache', 'comity-openapi-client');

// Calls a national case system would make, typed against the generated paths. Any change to the
// document that breaks them (a renamed field, a lost response schema, a header made required)
// fails this test.
const USAGE = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type CaseDetail = components['schemas']['CaseDetail'];
type Problem = components['schemas']['ProblemDetails'];

export async function fileRequest(baseUrl: string, email: string, password: string): Promise<CaseDetail | Problem> {
  const api = createClient<paths>({ baseUrl });
  const login = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error(login.error?.title);
  const token: string = login.data.accessToken;
  const headers = { Authorization: \`Bearer \${token}\` };

  const evaluation = await api.POST('/api/v1/rules/evaluate', {
    headers,
    body: { requestingState: 'HN', requestedState: 'US', kind: 'mla' },
  });
  const missing: string[] = evaluation.data?.completeness.missing.map((m) => String(m.field)) ?? [];

  // Idempotency-Key and Prefer are optional: a call without them compiles.
  const plain = await api.POST('/api/v1/cases', { headers, body: { kind: 'mla', requestedState: 'US' } });
  const created = await api.POST('/api/v1/cases', {
    headers,
    params: { header: { 'Idempotency-Key': 'hn-2026-0042' } },
    body: { kind: 'mla', requestedState: 'US', draft: { reference: 'HN-2026-0042' } },
  });
  if (!created.data || !plain.data) return (created.error ?? plain.error)!;
  const id: string = created.data.id;

  const page = await api.GET('/api/v1/cases', { headers, params: { query: { stage: 'draft' } } });
  const total: number | undefined = page.data?.total;

  const acted = await api.POST('/api/v1/cases/{id}/actions/{action}', {
    headers,
    params: { path: { id, action: 'extend_deadline' } },
    body: { deadlineKey: 'execution-target', newDueAt: '2027-06-30T00:00:00Z', reason: 'Court recess' },
  });
  if (acted.response.status === 409) {
    const problem: Problem | undefined = acted.error;
    const stage: string | undefined = problem?.stage;
    void stage;
  }
  const read = await api.GET('/api/v1/cases/{id}', { headers, params: { path: { id } } });
  void missing;
  void total;
  if (read.error) return read.error;
  const deadlines: string[] = read.data.deadlines.map((d) => d.key);
  const actions: string[] = read.data.allowedActions;
  void deadlines;
  void actions;
  return read.data;
}
`;

// Must not compile: proves the generated types are checked, not taken as any.
const MISUSE = `
import createClient from 'openapi-fetch';
import type { paths } from './api';

export async function wrong(baseUrl: string) {
  const api = createClient<paths>({ baseUrl });
  const read = await api.GET('/api/v1/cases/{id}', { params: { path: { id: 'x' } } });
  const n: number = read.data!.stage;
  return n;
}
`;

function compile(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: false,
    types: [],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? d.file.fileName.split('/').pop() : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('the typed client generated from the OpenAPI document', () => {
  let api: INestApplication;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  // Type-checking the generated declarations takes a while.
  jest.setTimeout(180_000);

  it('is generated from the served document and compiles against typed calls', async () => {
    const res = await fetch(`${await api.getUrl()}/api/docs-json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as Parameters<typeof openapiTS>[0];
    const types =
      '// Generated from /api/docs-json by test/e2e/openapi-client.e2e-spec.ts (or npm run api:types); do not edit.\n' +
      astToString(await openapiTS(document));
    mkdirSync(GENERATED, { recursive: true });
    writeFileSync(join(GENERATED, 'openapi.json'), JSON.stringify(document, null, 2));
    writeFileSync(join(GENERATED, 'api.d.ts'), types);
    mkdirSync(COMPILED, { recursive: true });
    writeFileSync(join(COMPILED, 'api.d.ts'), types);
    writeFileSync(join(COMPILED, 'usage.ts'), USAGE);
    writeFileSync(join(COMPILED, 'misuse.ts'), MISUSE);

    expect(compile([join(COMPILED, 'usage.ts')])).toEqual([]);
    const errors = compile([join(COMPILED, 'misuse.ts')]);
    expect(errors.join('\n')).toMatch(/not assignable to type 'number'/);
  });
});
