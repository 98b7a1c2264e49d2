import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('should hash with argon2id and verify only the right password', async () => {
    const hash = await hasher.hash('correct horse battery');
    // argon2 0.45 writes the parameters as m,p,t; earlier releases wrote m,t,p.
    expect(hash).toMatch(/^\$argon2id\$v=19\$(m=19456,t=2,p=1|m=19456,p=1,t=2)\$/);
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong horse battery')).resolves.toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('should still verify, without rehash, a hash stored with the earlier parameter order', async () => {
    const hash = (await hasher.hash('correct horse battery')).replace('m=19456,p=1,t=2', 'm=19456,t=2,p=1');
    expect(hash).toContain('m=19456,t=2,p=1');
    await expect(hasher.verify(hash, 'correct horse battery')).resolves.toBe(true);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('should salt each hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('should answer false, not throw, for a malformed hash', async () => {
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toBe(false);
  });
});
