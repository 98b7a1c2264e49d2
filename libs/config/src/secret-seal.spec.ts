import { randomBytes } from 'node:crypto';
import { SecretSeal, WEBHOOK_SECRET_PURPOSE } from './secret-seal';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretSeal', () => {
  const current = key('k2');
  const previous = key('k1');
  const seal = new SecretSeal([current, previous], WEBHOOK_SECRET_PURPOSE);

  it('should seal a secret so that only the same keys, purpose and record open it', () => {
    const sealed = seal.seal('whsec-abc', 'row-1');
    expect(sealed).toMatch(/^v1:k2:/);
    expect(sealed).not.toContain('whsec-abc');
    expect(seal.seal('whsec-abc', 'row-1')).not.toBe(sealed);
    expect(seal.open(sealed, 'row-1')).toBe('whsec-abc');
    expect(() => seal.open(sealed, 'row-2')).toThrow(/does not open with key 'k2'/);
    expect(() => new SecretSeal([current], 'another-purpose').open(sealed, 'row-1')).toThrow(/does not open/);
  });

  it('should open what an earlier key sealed while that key is still listed, and say which key is missing otherwise', () => {
    const old = new SecretSeal([previous], WEBHOOK_SECRET_PURPOSE).seal('whsec-old', 'row-1');
    expect(seal.open(old, 'row-1')).toBe('whsec-old');
    expect(() => new SecretSeal([current], WEBHOOK_SECRET_PURPOSE).open(old, 'row-1')).toThrow(
      "sealed with key 'k1', which PAYLOAD_KEYS does not list",
    );
  });

  it('should refuse an altered or malformed value', () => {
    const sealed = seal.seal('whsec-abc', 'row-1');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('x'.repeat(9)).toString('base64url');
    expect(() => seal.open(parts.join(':'), 'row-1')).toThrow(/does not open/);
    expect(() => seal.open('whsec-in-clear', 'row-1')).toThrow('not a sealed secret');
  });
});
