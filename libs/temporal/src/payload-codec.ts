import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey } from '@comity/config';

/** The `encoding` of an encrypted payload; anything else is passed through by decode. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata field naming the key that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const ENCRYPTED_ENCODING_BYTES = utf8.encode(ENCRYPTED_ENCODING);

/** A payload that cannot be decrypted: unknown key id, truncated or altered ciphertext. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

export function isEncryptedPayload(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && fromUtf8.decode(encoding) === ENCRYPTED_ENCODING;
}

/** The key id an encrypted payload names (null for a payload that is not encrypted). */
export function payloadKeyId(payload: Payload): string | null {
  if (!isEncryptedPayload(payload)) return null;
  const id = payload.metadata?.[KEY_ID_METADATA];
  return id ? fromUtf8.decode(id) : '';
}

// Encrypts each whole payload (its metadata and data, as the Payload protobuf) with AES-256-GCM
// under the first key: data = 12-byte random IV ‖ ciphertext ‖ 16-byte tag, the key id in the
// metadata and bound to the ciphertext as additional authenticated data. Decrypts with whichever
// listed key the payload names, and passes through payloads that were never encrypted (histories
// recorded before encryption, cases started before it).
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly currentId: string;
  private readonly currentIdBytes: Uint8Array;

  constructor(keys: readonly PayloadKey[]) {
    if (!keys.length) throw new Error('AesGcmPayloadCodec needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new Error(`payload key '${id}' must be 32 bytes`);
    }
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
    if (this.keys.size !== keys.length) throw new Error('payload key ids must be unique');
    this.currentId = keys[0].id;
    this.currentIdBytes = utf8.encode(this.currentId);
  }

  /** The id of the key that encrypts. */
  get keyId(): string {
    return this.currentId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decrypt(p));
  }

  encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.keys.get(this.currentId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.currentIdBytes);
    const body = cipher.update(ProtoPayload.encode(payload).finish());
    const last = cipher.final();
    return {
      metadata: { [METADATA_ENCODING_KEY]: ENCRYPTED_ENCODING_BYTES, [KEY_ID_METADATA]: this.currentIdBytes },
      data: Buffer.concat([iv, body, last, cipher.getAuthTag()]),
    };
  }

  decrypt(payload: Payload): Payload {
    const id = payloadKeyId(payload);
    if (id === null) return payload;
    const key = this.keys.get(id);
    if (!key) {
      throw new PayloadDecryptionError(
        id
          ? `payload encrypted with key '${id}', which PAYLOAD_KEYS does not list`
          : 'encrypted payload names no key id',
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(`encrypted payload under key '${id}' is truncated`);
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(utf8.encode(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `encrypted payload under key '${id}' failed authentication (altered, or a different key with that id)`,
      );
    }
    return ProtoPayload.decode(plain);
  }
}
