import { checkAgainstDocument, type RecordedResponse } from '../support/openapi-contract';

// The check the e2e tier runs after every test file: it must catch what it is there to catch.
const document = {
  paths: {
    '/api/v1/cases/{id}': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Case' },
              },
            },
          },
          '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/api/v1/cases/{id}/notes': { post: { responses: { '202': { description: 'no body' } } } },
  },
  components: {
    schemas: {
      Case: {
        type: 'object',
        required: ['id', 'holder'],
        properties: { id: { type: 'string' }, holder: { type: 'string', nullable: true } },
        additionalProperties: false,
      },
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' } },
      },
    },
  },
};

const json = 'application/json; charset=utf-8';
const problem = 'application/problem+json; charset=utf-8';
const rec = (r: Partial<RecordedResponse>): RecordedResponse => ({
  method: 'GET',
  path: '/api/v1/cases/5f0c',
  status: 200,
  contentType: json,
  body: '{"id":"5f0c","holder":null}',
  ...r,
});

describe('checking recorded answers against the OpenAPI document', () => {
  it('accepts answers that match, nullable fields included', () => {
    expect(
      checkAgainstDocument(document, [
        rec({}),
        rec({ status: 404, contentType: problem, body: '{"type":"t","title":"Case not found","status":404}' }),
        rec({ method: 'POST', path: '/api/v1/cases/5f0c/notes', status: 202, contentType: null, body: '' }),
        rec({ path: '/api/v1/nowhere', status: 404, contentType: problem, body: '{"type":"t","title":"Not Found","status":404}' }),
        rec({ path: '/api/docs', contentType: 'text/html', body: '<html>' }),
      ]),
    ).toEqual([]);
  });

  it('names undocumented statuses, content types and bodies that do not match', () => {
    const found = checkAgainstDocument(document, [
      rec({ status: 409, contentType: problem, body: '{"type":"t","title":"Conflict","status":409}' }),
      rec({ body: '{"id":"5f0c","holder":null,"secret":1}' }),
      rec({ body: '{"id":"5f0c"}' }),
      rec({ contentType: 'text/csv', body: 'a,b' }),
      rec({ method: 'POST', path: '/api/v1/cases/5f0c/notes', status: 202, contentType: json, body: '{}' }),
      rec({ path: '/api/v1/nowhere', status: 200, body: '{}' }),
    ]);
    expect(found).toEqual([
      expect.stringContaining('GET /api/v1/cases/{id}: status 409 is not documented'),
      expect.stringMatching(/GET \/api\/v1\/cases\/\{id\} 200: the body does not match the schema: .*additional properties/),
      expect.stringMatching(/GET \/api\/v1\/cases\/\{id\} 200: the body does not match the schema: .*holder/),
      expect.stringContaining('content type text/csv is not documented'),
      expect.stringContaining('the document declares no body'),
      expect.stringContaining('/api/v1/nowhere is no operation of the document'),
    ]);
  });
});
