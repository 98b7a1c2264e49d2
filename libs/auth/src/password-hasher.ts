import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

// argon2id with the OWASP password-storage parameters (19 MiB, 2 passes, 1 lane).
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;

@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, OPTIONS);
  }

  // Spends the same time as a real check, so an unknown account is not told apart by timing.
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('comity-dummy-password-for-timing');
    await this.verify(await this.dummy, password);
    return false;
  }
}
