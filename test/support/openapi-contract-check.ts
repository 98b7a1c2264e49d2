import { basename } from 'node:path';
import { checkAgainstDocument, dumpRecords, takeRecordedResponses } from './openapi-contract';

// e2e only (setupFilesAfterEnv): after each test file, every answer its tests received from an api
// started with startApi must match the OpenAPI document that api serves (issue #17).
afterAll(() => {
  const records = takeRecordedResponses();
  const document = globalThis.__COMITY_OPENAPI__;
  if (process.env.COMITY_RECORD_RESPONSES) {
    dumpRecords(
      process.env.COMITY_RECORD_RESPONSES,
      basename(expect.getState().testPath ?? 'unknown'),
      records,
    );
  }
  if (!document || records.length === 0) return;
  const mismatches = checkAgainstDocument(document, records);
  if (mismatches.length > 0) {
    throw new Error(
      `${mismatches.length} answer(s) do not match the OpenAPI document (/api/docs-json):\n - ` +
        mismatches.join('\n - '),
    );
  }
});
