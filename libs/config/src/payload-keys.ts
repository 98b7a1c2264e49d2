import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppEnvironment } from './environment';
import { ConfigValidationError, validateEnv } from './validate-env';

// The keys of the payload codec (libs/temporal/src/payload-codec.ts), which encrypts every
// workflow payload with AES-256-GCM before it reaches the Temporal server.
export class PayloadEnvironment extends AppEnvironment {
  // Comma-separated `id:base64key` pairs, each key 32 random bytes. The first one encrypts; every
  // listed one decrypts (rotation: list the new key after the current one on every process, then
  // move it first). Required in production; elsewhere the installation's key (below) is used.
  @IsOptional()
  @IsString()
  PAYLOAD_KEYS?: string;

  // Local state of a development installation; its payload-key file holds the key used when
  // PAYLOAD_KEYS is not set (generated on first use, readable only by its owner).
  @IsString()
  @MinLength(1)
  COMITY_DATA_DIR = '.data';
}

export const PAYLOAD_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

export interface PayloadConfig {
  /** keys[0] encrypts; all of them decrypt. */
  keys: PayloadKey[];
}

/** The id of the installation's own key, used outside production when PAYLOAD_KEYS is not set. */
export const LOCAL_PAYLOAD_KEY_ID = 'local';
export const LOCAL_PAYLOAD_KEY_FILE = 'payload-key';

let announced = false;

/** Parses `id:base64key[,id:base64key…]`; problems name the entry, never the key material. */
export function parsePayloadKeys(value: string): PayloadKey[] {
  const problems: string[] = [];
  const keys: PayloadKey[] = [];
  const entries = value.split(',').map((e) => e.trim());
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const material = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      problems.push(`PAYLOAD_KEYS: ${where} must be id:base64key with an id of 1 to 64 of A-Z a-z 0-9 . _ -`);
      return;
    }
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(material) ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (key.length !== PAYLOAD_KEY_BYTES) {
      problems.push(
        `PAYLOAD_KEYS: key '${id}' must be ${PAYLOAD_KEY_BYTES} bytes in base64 (e.g. openssl rand -base64 32)`,
      );
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`PAYLOAD_KEYS: key id '${id}' is listed twice`);
      return;
    }
    keys.push({ id, key });
  });
  if (problems.length) throw new ConfigValidationError(problems);
  return keys;
}

export function loadPayloadConfig(source: Record<string, string | undefined> = process.env): PayloadConfig {
  const env = validateEnv(PayloadEnvironment, source);
  const value = env.PAYLOAD_KEYS?.trim();
  if (value) return { keys: parsePayloadKeys(value) };
  if (env.NODE_ENV === 'production') {
    throw new ConfigValidationError(['PAYLOAD_KEYS: required when NODE_ENV=production']);
  }
  // Outside production: one random key per installation, shared by every process that runs from
  // it (api, worker, cases:doctor), so `npm start` works on a fresh clone and keeps its cases.
  const file = resolve(env.COMITY_DATA_DIR, LOCAL_PAYLOAD_KEY_FILE);
  const key = localKey(file);
  if (!announced) {
    announced = true;
    new Logger('PayloadConfig').warn(
      `PAYLOAD_KEYS is not set: workflow payloads are encrypted with this installation's key '${LOCAL_PAYLOAD_KEY_ID}' ` +
        `(${file}). Production requires PAYLOAD_KEYS.`,
    );
  }
  return { keys: [{ id: LOCAL_PAYLOAD_KEY_ID, key }] };
}

// Reads the installation's key, generating it on first use: 32 random bytes in base64, file 0600
// in a directory created 0700 ('wx': of two processes starting together, both read the first's).
// scripts/local-secret.mjs keeps its secrets the same way.
function localKey(file: string): Buffer {
  const read = (): Buffer => {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== PAYLOAD_KEY_BYTES) {
      throw new ConfigValidationError([
        `PAYLOAD_KEYS: not set, and ${file} does not hold a ${PAYLOAD_KEY_BYTES}-byte base64 key`,
      ]);
    }
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return key;
  };
  try {
    return read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(PAYLOAD_KEY_BYTES).toString('base64')}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return read();
}

export const payloadConfig = registerAs('payload', (): PayloadConfig => loadPayloadConfig());
