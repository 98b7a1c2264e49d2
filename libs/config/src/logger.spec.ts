import pino from 'pino';
import pinoHttp, { type Options } from 'pino-http';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { pinoParams, redactUrl, serializeError } from './logger';

// A pino-http logger configured exactly as the api and the worker are, writing into a string.
function capturedLogger(): { logger: pino.Logger; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const options = pinoParams('debug').pinoHttp as Options;
  const { logger } = pinoHttp({ ...options, stream } as Options);
  return { logger, lines: () => out };
}

function queryFailed(): QueryFailedError {
  // What node-postgres raises for a refused row: the detail quotes the row's values.
  const driverError = Object.assign(
    new Error('new row for relation "users" violates check constraint "users_name_check"'),
    {
      name: 'error',
      severity: 'ERROR',
      code: '23514',
      table: 'users',
      constraint: 'users_name_check',
      detail: 'Failing row contains (7, Ada Secret-Draft-Text, ada@example.test).',
      where: 'SQL statement "UPDATE users SET display_name = \'Ada Secret-Draft-Text\'"',
    },
  );
  return new QueryFailedError(
    'UPDATE users SET display_name = $2 WHERE id = $1',
    ['7', 'Ada Secret-Draft-Text', 'hunter2-password'],
    driverError,
  );
}

describe('logs', () => {
  describe('errors', () => {
    it('should keep no SQL, parameters or row values of a failed statement, only its code and object names', () => {
      const { logger, lines } = capturedLogger();
      logger.error({ err: queryFailed() }, 'Unhandled error');
      logger.error({ error: queryFailed() }, 'again, under another key');
      const out = lines();
      expect(out).toContain('"code":"23514"');
      expect(out).toContain('"constraint":"users_name_check"');
      expect(out).toContain('"type":"QueryFailedError"');
      for (const leak of [
        'UPDATE users',
        'Secret-Draft-Text',
        'hunter2-password',
        'Failing row',
        'display_name',
        '"parameters"',
        '"query"',
        'driverError',
      ]) {
        expect(out).not.toContain(leak);
      }
    });

    it('should take quoted values out of database messages, in the message and in the stack', () => {
      const err = new QueryFailedError(
        'SELECT $1::uuid',
        ['not-a-uuid-secret'],
        Object.assign(new Error('invalid input syntax for type uuid: "not-a-uuid-secret"'), {
          code: '22P02',
          severity: 'ERROR',
        }),
      );
      const shown = serializeError(err) as { message: string; stack: string };
      expect(shown.message).toBe('invalid input syntax for type uuid: "[REDACTED]"');
      expect(JSON.stringify(shown)).not.toContain('not-a-uuid-secret');
    });

    it('should apply to a database error wrapped as the cause of another', () => {
      const wrapped = new Error('projection failed', { cause: queryFailed() });
      const out = JSON.stringify(serializeError(wrapped));
      expect(out).toContain('projection failed');
      expect(out).toContain('23514');
      expect(out).not.toContain('Secret-Draft-Text');
    });

    it('should keep ordinary errors as they are', () => {
      const err = Object.assign(new Error('Connection terminated unexpectedly'), { status: 503 });
      expect(serializeError(err)).toMatchObject({
        type: 'Error',
        message: 'Connection terminated unexpectedly',
        status: 503,
      });
    });
  });

  describe('request URLs', () => {
    it.each([
      [
        '/api/v1/cases?q=Money%20laundering%20Miami&stage=draft',
        '/api/v1/cases?q=[REDACTED]&stage=[REDACTED]',
      ],
      ['/api/v1/auth/me?access_token=eyJhbGciOi.eyJzdWIi.sig', '/api/v1/auth/me?access_token=[REDACTED]'],
      ['/api/v1/cases?flag', '/api/v1/cases?flag=[REDACTED]'],
      ['/api/v1/cases', '/api/v1/cases'],
      ['/health', '/health'],
    ])('should log %s as %s', (url, logged) => {
      expect(redactUrl(url)).toBe(logged);
    });

    it('should log requests with their query values redacted and without headers', () => {
      const { logger, lines } = capturedLogger();
      const params = pinoParams('info').pinoHttp as { serializers: { req: (r: object) => object } };
      logger.info(
        {
          req: params.serializers.req({
            id: 'r1',
            method: 'GET',
            url: '/api/v1/cases?q=Secret-Search',
            headers: { authorization: 'Bearer x' },
          }),
        },
        'request completed',
      );
      expect(lines()).toContain('/api/v1/cases?q=[REDACTED]');
      expect(lines()).not.toContain('Secret-Search');
      expect(lines()).not.toContain('Bearer');
    });
  });
});
