import { registerAs } from '@nestjs/config';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
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
  /** Logins and refreshes per minute per client address. */
  loginRateLimitPerMinute: number;
  /** Failed logins per account within loginFailureWindow seconds before 429. */
  loginFailureLimit: number;
  loginFailureWindow: number;
  bodyLimit: string;
  metricsPort: number;
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
  /** Milliseconds a task waits on the sticky queue of the worker caching its case. */
  stickyTimeoutMs: number;
  metricsPort: number;
  /** Worker Versioning: the deployment and build this worker is a version of; null when unversioned. */
  deployment: { name: string; buildId: string } | null;
  /** Test only: the factor every planned deadline period is multiplied by; null in normal operation. */
  testDeadlineScale: number | null;
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
    loginFailureLimit: env.LOGIN_FAILURE_LIMIT,
    loginFailureWindow: env.LOGIN_FAILURE_WINDOW,
    bodyLimit: env.BODY_LIMIT,
    metricsPort: env.API_METRICS_PORT,
  };
});

// Secrets that have been public (in this repository or its history): production refuses them.
const KNOWN_DEFAULT_SECRETS = new Set(
  [
    'comity-development-only-secret-never-use-in-production',
    'fault-storm-secret-0123456789-abcdefghijklmnop',
  ].map(normaliseSecret),
);

function normaliseSecret(secret: string): string {
  return secret.trim().toLowerCase();
}

/**
 * Why a secret may not sign anything in production, or null when it may: a secret from the list
 * of known defaults, or one too uniform to be random (fewer than 10 distinct characters).
 */
export function weakSecretReason(secret: string): string | null {
  if (KNOWN_DEFAULT_SECRETS.has(normaliseSecret(secret))) return 'is a known default, public in the repository';
  if (new Set(secret).size < 10) return 'is not random (fewer than 10 distinct characters)';
  return null;
}

// Outside production without AUTH_JWT_SECRET: made up once per process, so nobody else can know it.
let processSecret: string | undefined;

export function loadAuthConfig(source: Record<string, string | undefined> = process.env): AuthConfig {
  const env = validateEnv(AuthEnvironment, source);
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  if (production && !env.AUTH_JWT_SECRET) {
    problems.push('AUTH_JWT_SECRET: required when NODE_ENV=production');
  }
  const weak = env.AUTH_JWT_SECRET ? weakSecretReason(env.AUTH_JWT_SECRET) : null;
  if (production && weak) {
    problems.push(`AUTH_JWT_SECRET: ${weak}; generate one, e.g. openssl rand -base64 48`);
  }
  const oidcVars = [env.OIDC_ISSUER, env.OIDC_JWKS_URL, env.OIDC_AUDIENCE];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    problems.push('OIDC_ISSUER: OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE must be set together');
  }
  if (problems.length) throw new ConfigValidationError(problems);
  const logger = new Logger('AuthConfig');
  if (weak) logger.warn(`AUTH_JWT_SECRET ${weak}: production refuses it.`);
  if (!env.AUTH_JWT_SECRET && !processSecret) {
    logger.warn(
      'AUTH_JWT_SECRET is not set: signing with a random secret for this process only; its tokens stop ' +
        'working when it stops. `npm start` keeps a generated one in the data directory.',
    );
  }
  return {
    jwtSecret: env.AUTH_JWT_SECRET ?? (processSecret ??= randomBytes(48).toString('base64url')),
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

export function loadWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const env = validateEnv(WorkerEnvironment, source);
  if (Boolean(env.WORKER_DEPLOYMENT_NAME) !== Boolean(env.WORKER_BUILD_ID)) {
    throw new ConfigValidationError(['WORKER_DEPLOYMENT_NAME: WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID must be set together']);
  }
  // Legal deadlines are never compressed where they count.
  if (env.COMITY_TEST_DEADLINE_SCALE !== undefined && env.NODE_ENV === 'production') {
    throw new ConfigValidationError(['COMITY_TEST_DEADLINE_SCALE: test only, refused in production']);
  }
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    stickyTimeoutMs: env.WORKER_STICKY_TIMEOUT_MS,
    metricsPort: env.WORKER_METRICS_PORT,
    deployment:
      env.WORKER_DEPLOYMENT_NAME && env.WORKER_BUILD_ID
        ? { name: env.WORKER_DEPLOYMENT_NAME, buildId: env.WORKER_BUILD_ID }
        : null,
    testDeadlineScale: env.COMITY_TEST_DEADLINE_SCALE ?? null,
  };
}

export const workerConfig = registerAs('worker', (): WorkerConfig => loadWorkerConfig());
