import { createHash } from 'node:crypto';
import { chainHash, chainKeyOf, GENESIS_HASH, toPayload } from './audit-record';

describe('audit records', () => {
  const at = new Date('2026-01-02T03:04:05.678Z');

  it('should put case events on the case chain and everything else on the global chain', () => {
    expect(chainKeyOf('0F8E2A5C-0000-4000-8000-000000000001')).toBe('0f8e2a5c-0000-4000-8000-000000000001');
    expect(chainKeyOf(null)).toBe('global');
  });

  it('should normalise the payload as it will read back from PostgreSQL', () => {
    const payload = toPayload(
      {
        caseId: null,
        action: 'auth.login',
        actorId: 'u1',
        details: { when: at, skip: undefined, n: 1.0 },
        idempotencyKey: 'k',
      },
      at,
    );
    expect(payload).toEqual({
      v: 1,
      chainKey: 'global',
      caseId: null,
      action: 'auth.login',
      actorId: 'u1',
      outcome: 'allowed',
      details: { when: '2026-01-02T03:04:05.678Z', n: 1 },
      idempotencyKey: 'k',
      occurredAt: '2026-01-02T03:04:05.678Z',
    });
  });

  it.each(['password', 'email', 'displayName', 'refreshToken', 'name'])(
    'should refuse details that carry %s',
    (key) => {
      expect(() =>
        toPayload(
          {
            caseId: null,
            action: 'x',
            actorId: null,
            details: { nested: [{ [key]: 'v' }] },
            idempotencyKey: 'k',
          },
          at,
        ),
      ).toThrow(/personal data/);
    },
  );

  it('should hash prev_hash, the big-endian seq and the canonical text, in that order', () => {
    const seq = Buffer.from([0, 0, 0, 0, 0, 0, 0, 7]);
    const expected = createHash('sha256')
      .update(Buffer.concat([GENESIS_HASH, seq, Buffer.from('{"a":"é"}', 'utf8')]))
      .digest();
    expect(chainHash(GENESIS_HASH, 7, '{"a":"é"}').equals(expected)).toBe(true);
  });
});
