import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  isEncryptedPayload,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  payloadKeyId,
} from './payload-codec';

const keyA = { id: 'a-2026', key: randomBytes(32) };
const keyB = { id: 'b-2027', key: randomBytes(32) };
const DRAFT = { reference: 'HN-FGR-2026-0042', personsConcerned: [{ name: 'María José Ramírez' }] };
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const fromPayload = (p: Payload): unknown => defaultPayloadConverter.fromPayload(p);

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec([keyA]);

  it('should round-trip payloads and keep none of their content in clear', async () => {
    const plain = [toPayload(DRAFT), toPayload(undefined), toPayload(new Uint8Array([1, 2, 3]))];
    const encoded = await codec.encode(plain);

    for (const p of encoded) {
      expect(text(p.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata?.[KEY_ID_METADATA])).toBe('a-2026');
      expect(Object.keys(p.metadata ?? {}).sort()).toEqual([KEY_ID_METADATA, METADATA_ENCODING_KEY].sort());
      expect(isEncryptedPayload(p)).toBe(true);
    }
    expect(Buffer.from(encoded[0].data!).includes('Ramírez')).toBe(false);
    expect(Buffer.from(encoded[0].data!).includes('json/plain')).toBe(false);

    const decoded = await codec.decode(encoded);
    expect(decoded.map(fromPayload)).toEqual([DRAFT, undefined, new Uint8Array([1, 2, 3])]);
    expect(text(decoded[0].metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('should use a fresh IV for every payload', async () => {
    const [one, two] = await codec.encode([toPayload(DRAFT), toPayload(DRAFT)]);
    expect(Buffer.from(one.data!).subarray(0, 12).equals(Buffer.from(two.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(one.data!).equals(Buffer.from(two.data!))).toBe(false);
  });

  it('should decrypt with any listed key after a rotation and encrypt with the first', async () => {
    const [underA] = await new AesGcmPayloadCodec([keyA]).encode([toPayload(DRAFT)]);
    const rotated = new AesGcmPayloadCodec([keyB, keyA]);

    expect(fromPayload((await rotated.decode([underA]))[0])).toEqual(DRAFT);
    const [underB] = await rotated.encode([toPayload(DRAFT)]);
    expect(payloadKeyId(underB)).toBe('b-2027');
    expect(rotated.keyId).toBe('b-2027');
  });

  it('should fail clearly for a key id it does not list', async () => {
    const [underB] = await new AesGcmPayloadCodec([keyB]).encode([toPayload(DRAFT)]);
    await expect(codec.decode([underB])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([underB])).rejects.toThrow(
      "payload encrypted with key 'b-2027', which PAYLOAD_KEYS does not list",
    );
  });

  it('should pass payloads that were never encrypted through unchanged', async () => {
    const plain = [toPayload(DRAFT), toPayload(null)];
    const decoded = await codec.decode(plain);
    expect(decoded[0]).toBe(plain[0]);
    expect(decoded[1]).toBe(plain[1]);
    expect(payloadKeyId(plain[0])).toBeNull();
  });

  it.each([
    ['a flipped ciphertext bit', (d: Buffer) => (d[20] ^= 0x01)],
    ['a flipped IV bit', (d: Buffer) => (d[0] ^= 0x01)],
    ['a flipped tag bit', (d: Buffer) => (d[d.length - 1] ^= 0x01)],
  ])('should refuse a payload with %s', async (_what, tamper) => {
    const [encrypted] = await codec.encode([toPayload(DRAFT)]);
    const data = Buffer.from(encrypted.data!);
    tamper(data);
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow(/failed authentication/);
  });

  it('should refuse a payload whose key id was relabelled, even to a key it lists', async () => {
    const both = new AesGcmPayloadCodec([keyA, { id: 'other', key: keyA.key }]);
    const [encrypted] = await both.encode([toPayload(DRAFT)]);
    const relabelled = {
      ...encrypted,
      metadata: { ...encrypted.metadata, [KEY_ID_METADATA]: Buffer.from('other') },
    };
    await expect(both.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  it('should refuse a truncated payload and one that names no key', async () => {
    const [encrypted] = await codec.encode([toPayload(DRAFT)]);
    await expect(
      codec.decode([{ ...encrypted, data: Buffer.from(encrypted.data!).subarray(0, 20) }]),
    ).rejects.toThrow(/truncated/);
    const { [KEY_ID_METADATA]: _dropped, ...noKey } = encrypted.metadata!;
    await expect(codec.decode([{ ...encrypted, metadata: noKey }])).rejects.toThrow(/names no key id/);
  });

  it('should refuse to be built without keys, with a short key or with a repeated id', () => {
    expect(() => new AesGcmPayloadCodec([])).toThrow(/at least one key/);
    expect(() => new AesGcmPayloadCodec([{ id: 'x', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => new AesGcmPayloadCodec([keyA, keyA])).toThrow(/unique/);
  });
});
