#!/usr/bin/env node
// Prints a local secret kept in a file, generating it on first use: BYTES random bytes (default
// 32), base64, written with mode 0600 (its directory 0700 when created). For the secrets that
// `npm start` needs on a development machine and that must survive restarts. Production secrets
// come from the environment, never from here.
//
//   node scripts/local-secret.mjs FILE [BYTES]
//   e.g. AUTH_JWT_SECRET="$(node scripts/local-secret.mjs "$DATA_DIR/jwt-secret" 48)"
//
// The payload key (.data/payload-key, used when PAYLOAD_KEYS is not set outside production) is
// kept the same way by libs/config/src/payload-keys.ts itself, so every process of an
// installation (api, worker, cases:doctor) finds it without the start script; this prints it too.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [file, bytesArg = '32'] = process.argv.slice(2);
const bytes = Number(bytesArg);
if (!file || !Number.isInteger(bytes) || bytes < 16 || bytes > 1024) {
  console.error('usage: local-secret.mjs FILE [BYTES (16-1024, default 32)]');
  process.exit(2);
}

function read() {
  const value = readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    console.error(`${file} does not hold a base64 secret; move it away to generate a new one`);
    process.exit(1);
  }
  // Tighten a file someone copied in with looser permissions.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return value;
}

let value;
try {
  value = read();
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': when two processes race, the second reads the first one's secret.
    writeFileSync(file, `${randomBytes(bytes).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  value = read();
}
process.stdout.write(`${value}\n`);
