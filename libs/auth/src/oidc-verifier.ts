import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthSettings } from './auth-settings';

// Bearer tokens from a ministry's own identity provider, checked against its JWKS (fetched and
// cached by jose; keys rotate without a restart). Only asymmetric algorithms are accepted.
@Injectable()
export class OidcVerifier {
  private jwks?: JWTVerifyGetKey;

  constructor(private readonly settings: AuthSettings) {}

  get issuer(): string | null {
    return this.settings.oidc?.issuer ?? null;
  }

  /** The token's subject, or null when it is not valid for this api. */
  async verify(token: string): Promise<string | null> {
    const oidc = this.settings.oidc;
    if (!oidc) return null;
    this.jwks ??= createRemoteJWKSet(new URL(oidc.jwksUrl), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
    });
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: [
          'RS256',
          'RS384',
          'RS512',
          'PS256',
          'PS384',
          'PS512',
          'ES256',
          'ES384',
          'ES512',
          'EdDSA',
        ],
        clockTolerance: 30,
      });
      return typeof payload.sub === 'string' && payload.sub ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
