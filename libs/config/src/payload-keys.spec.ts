import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPayloadConfig, parsePayloadKeys } from './payload-keys';
import { ConfigValidationError } from './validate-env';

const b64 = (bytes = 32) => randomBytes(bytes).toString('base64');

describe('payload keys', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'comity-payload-keys-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should read the listed keys in order, the first one current', () => {
    const [a, b] = [b64(), b64()];
    const { keys } = loadPayloadConfig({ NODE_ENV: 'production', PAYLOAD_KEYS: ` k2:${b} , k1:${a}` });
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys[0].key.equals(Buffer.from(b, 'base64'))).toBe(true);
  });

  it('should refuse to start in production without PAYLOAD_KEYS', () => {
    expect(() => loadPayloadConfig({ NODE_ENV: 'production', COMITY_DATA_DIR: dataDir })).toThrow(
      /PAYLOAD_KEYS: required when NODE_ENV=production/,
    );
  });

  it.each([
    ['a missing id', `:${b64()}`, /entry 1 must be id:base64key/],
    ['no colon', 'just-a-key', /entry 1 must be id:base64key/],
    ['a short key', `k1:${b64(16)}`, /key 'k1' must be 32 bytes/],
    ['a long key', `k1:${b64(33)}`, /key 'k1' must be 32 bytes/],
    ['not base64', `k1:${'!'.repeat(44)}`, /key 'k1' must be 32 bytes/],
    ['an id listed twice', `k1:${b64()},k1:${b64()}`, /'k1' is listed twice/],
    ['an empty entry', `k1:${b64()},`, /entry 2 must be id:base64key/],
  ])('should name PAYLOAD_KEYS and never echo the key for %s', (_what, value, message) => {
    expect(() => parsePayloadKeys(value)).toThrow(ConfigValidationError);
    expect(() => parsePayloadKeys(value)).toThrow(message);
    try {
      parsePayloadKeys(value);
    } catch (err) {
      const material = value
        .split(',')
        .map((e) => e.slice(e.indexOf(':') + 1))
        .filter((m) => m.length > 8);
      for (const m of material) expect((err as Error).message).not.toContain(m);
    }
  });

  it('should generate one key per installation outside production, readable only by its owner, and reuse it', () => {
    const first = loadPayloadConfig({ NODE_ENV: 'development', COMITY_DATA_DIR: join(dataDir, 'data') });
    const file = join(dataDir, 'data', 'payload-key');
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0].id).toBe('local');
    expect(first.keys[0].key.equals(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'data')).mode & 0o777).toBe(0o700);

    const again = loadPayloadConfig({ NODE_ENV: 'test', COMITY_DATA_DIR: join(dataDir, 'data') });
    expect(again.keys[0].key.equals(first.keys[0].key)).toBe(true);
  });

  it('should refuse an installation key file that does not hold a 32-byte key', () => {
    writeFileSync(join(dataDir, 'payload-key'), 'not a key\n');
    expect(() => loadPayloadConfig({ NODE_ENV: 'development', COMITY_DATA_DIR: dataDir })).toThrow(
      /does not hold a 32-byte base64 key/,
    );
  });
});
