import { SecretSeal, WEBHOOK_SECRET_PURPOSE, type PayloadKey } from '@comity/config';

// A webhook's signing secret as stored (webhook_subscriptions.secret_sealed): sealed for its
// subscription with the payload keyring (libs/config secret-seal.ts). The api seals it when the
// webhook is created (the administrator sees it once, in clear); the worker opens it to sign.
export class WebhookSecrets {
  private readonly sealer: SecretSeal;

  constructor(keys: readonly PayloadKey[]) {
    this.sealer = new SecretSeal(keys, WEBHOOK_SECRET_PURPOSE);
  }

  seal(secret: string, subscriptionId: string): string {
    return this.sealer.seal(secret, subscriptionId);
  }

  open(sealed: string, subscriptionId: string): string {
    return this.sealer.open(sealed, subscriptionId);
  }
}
