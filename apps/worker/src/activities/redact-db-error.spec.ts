import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { ActivityFailureType } from '@comity/contracts';
import { RulesDataUnavailableError } from '@comity/rules-store';
import { classify } from './redact-db-error';

const dbError = (code: string, extra: object = {}) =>
  new QueryFailedError('INSERT INTO cases … $1', ['Secret draft text'], Object.assign(new Error('boom'), { code, ...extra }));

describe('activity failure classification', () => {
  it.each(['22021', '22007', '22008', '23505', '23503', '23514'])('should make data error %s non-retryable', (code) => {
    const failure = classify('projectTransition', dbError(code, { table: 'cases', constraint: 'cases_pkey' }));
    expect(failure).toMatchObject({ nonRetryable: true, type: ActivityFailureType.INVALID_DATA });
    expect(failure.message).toBe(`projectTransition failed: database error ${code} on cases.cases_pkey`);
  });

  it.each(['40001', '40P01', '57P01', '08006', '53300'])('should retry %s', (code) => {
    expect(classify('projectTransition', dbError(code))).toMatchObject({ nonRetryable: false, type: ActivityFailureType.TRANSIENT });
  });

  it('should retry a lost connection and make missing rules data non-retryable', () => {
    expect(classify('planDeadlines', new Error('Connection terminated unexpectedly'))).toMatchObject({ nonRetryable: false });
    expect(classify('planDeadlines', new RulesDataUnavailableError('rules_revision is empty'))).toMatchObject({
      nonRetryable: true,
      type: ActivityFailureType.RULES_DATA_MISSING,
    });
  });

  it('should never carry the SQL text or its parameters', () => {
    const failure = classify('projectTransition', dbError('22021'));
    expect(failure.message).not.toMatch(/Secret draft text|INSERT/);
    expect(failure).toBeInstanceOf(ApplicationFailure);
  });
});
