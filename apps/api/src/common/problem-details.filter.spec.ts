import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter } from './problem-details.filter';

function answer(exception: unknown) {
  const headers: Record<string, string> = {};
  let status = 0;
  let body: unknown;
  const res = {
    getHeader: (k: string) => headers[k],
    setHeader: (k: string, v: string) => (headers[k] = v),
    status(s: number) {
      status = s;
      return this;
    },
    type() {
      return this;
    },
    json(b: unknown) {
      body = b;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { status, headers, body: body as { title: string; status: number } };
}

describe('ProblemDetailsFilter when the database is away', () => {
  it.each([
    [
      'a shutting-down server (57P01)',
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
  ])('should answer %s with 503 and Retry-After, not 500', (_, error) => {
    const { status, headers, body } = answer(error);
    expect(status).toBe(503);
    expect(headers['Retry-After']).toBe('5');
    expect(body).toMatchObject({ status: 503, title: 'Service Unavailable' });
  });

  it('should still answer an unknown error with a bare 500', () => {
    expect(answer(new TypeError('x is undefined')).status).toBe(500);
  });
});
