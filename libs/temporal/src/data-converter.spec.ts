import { ApplicationFailure } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
} from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import { comityDataConverter } from './data-converter';

const PERSONAL = 'María José Ramírez';

describe('comityDataConverter', () => {
  const converter = loadDataConverter(comityDataConverter({ keys: [{ id: 'k-2026', key: randomBytes(32) }] }));

  it('should carry a failure message and stack only encrypted, and give them back to Comity', async () => {
    const refusal = ApplicationFailure.create({
      type: 'INVALID_INPUT',
      message: `Passport number of ${PERSONAL} does not match`,
      nonRetryable: true,
    });
    const failure = await encodeErrorToFailure(converter, refusal);

    // What Temporal stores and its UI shows.
    const bytes = Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish());
    expect(bytes.includes(PERSONAL)).toBe(false);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(failure.applicationFailureInfo?.type).toBe('INVALID_INPUT');

    // What the api reads back: the refusal as raised.
    const decoded = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(decoded).toBeInstanceOf(ApplicationFailure);
    expect((decoded as ApplicationFailure).message).toBe(refusal.message);
    expect((decoded as ApplicationFailure).type).toBe('INVALID_INPUT');
  });
});
