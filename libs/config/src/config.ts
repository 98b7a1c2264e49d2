import { registerAs } from '@nestjs/config';
import { Logger } from '@nestjs/common';
import {
  ApiEnvironment,
  AuthEnvironment,
  DatabaseEnvironment,
  TemporalEnvironment,
  WorkerEnvironment,
} from './environment';
import { ConfigValidationError, validateEnv } from './validate-env';

export interface DatabaseConfig {
  url: string;
}
export interface TemporalConfig {
  address: string;
  namespace: string;
}
export interface ApiConfig {
  nodeEnv: string;
  logLevel: string;
  port: number;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  bodyLimit: string;
}
export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  audience: string;
}
export interface AuthConfig {
  jwtSecret: string;
  /** Seconds. */
  accessTokenTtl: number;
  refreshTokenTtl: number;
  idleTimeout: number;
  lockoutThreshold: number;
  lockoutDuration: number;
  oidc: OidcConfig | null;
}
export interface WorkerConfig {
  nodeEnv: string;
  logLevel: string;
  maxCachedWorkflows: number;
  maxConcurrentActivities: number;
}

export const databaseConfig = registerAs('database', (): DatabaseConfig => {
  const env = validateEnv(DatabaseEnvironment);
  return { url: env.DATABASE_URL };
});

export const temporalConfig = registerAs('temporal', (): TemporalConfig => {
  const env = validateEnv(TemporalEnvironment);
  return { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
});

export const apiConfig = registerAs('api', (): ApiConfig => {
  const env = validateEnv(ApiEnvironment);
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    port: env.API_PORT,
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimitPerMinute: env.API_RATE_LIMIT,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT,
    bodyLimit: env.BODY_LIMIT,
  };
});

// Only for development and tests; production refuses to start without AUTH_JWT_SECRET.
const DEV_JWT_SECRET = 'comity-development-only-secret-never-use-in-production';

export function loadAuthConfig(source: Record<string, string | undefined> = process.env): AuthConfig {
  const env = validateEnv(AuthEnvironment, source);
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !env.AUTH_JWT_SECRET) {
    problems.push('AUTH_JWT_SECRET: required when NODE_ENV=production');
  }
  const oidcVars = [env.OIDC_ISSUER, env.OIDC_JWKS_URL, env.OIDC_AUDIENCE];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    problems.push('OIDC_ISSUER: OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE must be set together');
  }
  if (problems.length) throw new ConfigValidationError(problems);
  if (!env.AUTH_JWT_SECRET) {
    new Logger('AuthConfig').warn(
      '!!! AUTH_JWT_SECRET is not set: using the built-in DEVELOPMENT secret. Anyone can forge tokens. ' +
        'Set AUTH_JWT_SECRET (32+ random characters) before exposing this api. !!!',
    );
  }
  return {
    jwtSecret: env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
    accessTokenTtl: env.ACCESS_TOKEN_TTL,
    refreshTokenTtl: env.REFRESH_TOKEN_TTL,
    idleTimeout: env.IDLE_TIMEOUT,
    lockoutThreshold: env.LOCKOUT_THRESHOLD,
    lockoutDuration: env.LOCKOUT_DURATION,
    oidc:
      env.OIDC_ISSUER && env.OIDC_JWKS_URL && env.OIDC_AUDIENCE
        ? { issuer: env.OIDC_ISSUER, jwksUrl: env.OIDC_JWKS_URL, audience: env.OIDC_AUDIENCE }
        : null,
  };
}

export const authConfig = registerAs('auth', (): AuthConfig => loadAuthConfig());

export const workerConfig = registerAs('worker', (): WorkerConfig => {
  const env = validateEnv(WorkerEnvironment);
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
  };
});
