import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'cmty_';
export const REFRESH_TOKEN_PREFIX = 'cmtr_';

// 256 random bits; such tokens need no slow hash, so SHA-256 digests are stored and looked up.
export function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
