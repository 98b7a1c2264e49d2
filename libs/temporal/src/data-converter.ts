import type { DataConverter } from '@temporalio/common';
import { loadPayloadConfig, type PayloadConfig } from '@comity/config';
import { AesGcmPayloadCodec } from './payload-codec';

// The one data converter of every Temporal client and worker the platform runs (api, worker,
// cases:doctor, tests, benchmarks): default JSON payloads and failures whose message and stack are
// carried as a payload, all encrypted by the payload codec.
export function comityDataConverter(config: PayloadConfig): DataConverter {
  return withEncodedFailures({ payloadCodecs: [new AesGcmPayloadCodec(config.keys)] });
}

/** The module exporting the failure converter (bundled into workflow code, loaded by clients). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function withEncodedFailures(converter: DataConverter): DataConverter {
  return { ...converter, failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** The same, with the keys read from the environment (PAYLOAD_KEYS), for scripts and harnesses. */
export function dataConverterFromEnv(env: Record<string, string | undefined> = process.env): DataConverter {
  return comityDataConverter(loadPayloadConfig(env));
}
