import type { AuthConfig, OidcConfig } from '@comity/config';

// DI token for the 'auth' configuration namespace (libs/config authConfig).
export abstract class AuthSettings implements AuthConfig {
  abstract jwtSecret: string;
  abstract accessTokenTtl: number;
  abstract refreshTokenTtl: number;
  abstract idleTimeout: number;
  abstract lockoutThreshold: number;
  abstract lockoutDuration: number;
  abstract oidc: OidcConfig | null;
}
