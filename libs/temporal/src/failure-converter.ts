import { DefaultFailureConverter } from '@temporalio/common';

// Loaded by path (DataConverter.failureConverterPath) in every client, worker and workflow bundle:
// a failure's message and stack trace move into its encoded attributes, which the payload codec
// encrypts like any payload. Refusals can quote what a person typed; the Temporal UI and history
// then show only "Encoded failure", and Comity's own processes decode the text back.
// Imported by the workflow sandbox too, so nothing here may do I/O.
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
