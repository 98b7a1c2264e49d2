import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PayloadKey } from './payload-keys';

// Secrets the platform must read back to use (a webhook's signing secret), sealed at rest with
// AES-256-GCM. The keys are the payload keyring's (PAYLOAD_KEYS, or the installation's key outside
// production), so there is no second key to provision and rotation works the same way: the first
// key seals, every listed key opens. Each purpose gets its own key derived with HKDF-SHA256, so a
// workflow payload and a sealed secret never share one, and the context (the row's id) is
// authenticated, so a sealed value moved to another row does not open.
//
// Format: `v1:<key id>:<iv>:<ciphertext>:<tag>`, base64url parts (key ids never contain ':').

/** The purpose webhook signing secrets are sealed for. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-signing-secret';

const VERSION = 'v1';
const IV_BYTES = 12;

export class SecretSeal {
  private readonly keys: { id: string; key: Buffer }[];

  constructor(keys: readonly PayloadKey[], purpose: string) {
    if (keys.length === 0) throw new Error('SecretSeal needs at least one key');
    this.keys = keys.map((k) => ({
      id: k.id,
      key: Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), `comity:${purpose}`, 32)),
    }));
  }

  seal(secret: string, context: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, id, iv, ciphertext, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  /** The secret; throws, naming the key id but never any key material, when it cannot be opened. */
  open(sealed: string, context: string): string {
    const [version, id, iv, ciphertext, tag, ...rest] = sealed.split(':');
    if (version !== VERSION || !tag || rest.length > 0) throw new Error('not a sealed secret');
    const entry = this.keys.find((k) => k.id === id);
    if (!entry) throw new Error(`sealed with key '${id}', which PAYLOAD_KEYS does not list`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(context, 'utf8'))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(`sealed secret does not open with key '${id}' (altered, or sealed for another record)`);
    }
  }
}
