import type { DataConverter } from '@temporalio/common';
import { loadPayloadConfig, type PayloadConfig } from '@comity/config';
import { AesGcmPayloadCodec } from './payload-codec';

// The one data converter of every Temporal client and worker the platform runs (api, worker,
// cases:doctor, tests, benchmarks): default JSON payloads, encrypted by the payload codec.
export function comityDataConverter(config: PayloadConfig): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(config.keys)] };
}

/** The same, with the keys read from the environment (PAYLOAD_KEYS), for scripts and harnesses. */
export function dataConverterFromEnv(env: Record<string, string | undefined> = process.env): DataConverter {
  return comityDataConverter(loadPayloadConfig(env));
}
