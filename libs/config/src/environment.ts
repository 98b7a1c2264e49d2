import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Matches,
  Max,
  MinLength,
  Min,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export class DatabaseEnvironment {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/comity';
}

export class TemporalEnvironment {
  @Matches(/^[^:\s]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, { message: 'TEMPORAL_NAMESPACE must be a namespace name' })
  TEMPORAL_NAMESPACE = 'comity';
}

export class AppEnvironment {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export class ApiEnvironment extends AppEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  API_PORT: number = 3000;

  // Comma-separated origins allowed by CORS; empty means same-origin only.
  @IsOptional()
  @IsString()
  CORS_ORIGINS = '';

  // Requests per minute per client address across the api, and logins and refreshes per minute
  // per client address (an office behind one address shares this budget).
  @Type(() => Number)
  @IsInt()
  @Min(1)
  API_RATE_LIMIT: number = 600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT: number = 300;

  // Failed logins per account (by email, whether or not it exists) within LOGIN_FAILURE_WINDOW
  // seconds; past it, logins to that account answer 429 until the window ends. The lockout
  // (LOCKOUT_THRESHOLD consecutive failures) works as before, in the database.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_LIMIT: number = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_FAILURE_WINDOW: number = 900;

  // Largest accepted request body (JSON or form), in body-parser notation.
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 256kb or 1mb' })
  BODY_LIMIT = '256kb';

  // Prometheus metrics (GET /metrics) on a port of their own, kept off the public one; 0 picks a
  // free port (tests).
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_METRICS_PORT: number = 9464;
}

// Durations are in seconds. The lockout and idle bounds follow CJIS 5.5.3 / 5.5.5: at most 5
// failures before a lockout of at least 10 minutes, and a session idle for at most 30 minutes.
export class AuthEnvironment extends AppEnvironment {
  // HS256 key for access tokens; required in production, where known defaults are refused (see
  // loadAuthConfig). `npm start` keeps a generated one in the data directory.
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3600)
  ACCESS_TOKEN_TTL: number = 900;

  // Absolute lifetime of a login session (its refresh-token family).
  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL: number = 43200;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(1800)
  IDLE_TIMEOUT: number = 1800;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  LOCKOUT_THRESHOLD: number = 5;

  @Type(() => Number)
  @IsInt()
  @Min(600)
  LOCKOUT_DURATION: number = 900;

  // Optional OpenID Connect bearer tokens from a ministry's own identity provider.
  @IsOptional()
  @IsString()
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'OIDC_JWKS_URL must be an http(s) URL' },
  )
  OIDC_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;
}

export class WorkerEnvironment extends AppEnvironment {
  // Explicit, so a burst of cases cannot grow the workflow cache until the worker runs out of memory.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WORKER_MAX_CACHED_WORKFLOWS: number = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  WORKER_MAX_CONCURRENT_ACTIVITIES: number = 50;

  // How long a case's next task waits for the worker that has the case cached before any worker
  // may take it (replaying its history). After a crash, the cases the dead worker had cached wake
  // this much late; lower it where seconds count, at the price of more replays under load.
  @Type(() => Number)
  @IsInt()
  @Min(100)
  WORKER_STICKY_TIMEOUT_MS: number = 10_000;

  // The worker's operations port: GET /metrics (its own and the Temporal SDK's), /health/live and
  // /health/ready; 0 picks a free port (tests).
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT: number = 9465;

  // Worker Versioning: this worker is version WORKER_BUILD_ID of worker deployment
  // WORKER_DEPLOYMENT_NAME (both or neither; README "Upgrading while cases run"). Unset: an
  // unversioned worker, as before.
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'WORKER_DEPLOYMENT_NAME must be a name of letters, digits, . _ -' })
  WORKER_DEPLOYMENT_NAME?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/, { message: 'WORKER_BUILD_ID must be an id of letters, digits, . _ + -' })
  WORKER_BUILD_ID?: string;

  // Test only (benchmarks of deadline precision): every period the worker plans is multiplied by
  // this factor, so a 60-day window closes within minutes. Refused in production.
  @IsOptional()
  @Type(() => Number)
  @IsPositive({ message: 'COMITY_TEST_DEADLINE_SCALE must be a factor above 0' })
  @Max(1)
  COMITY_TEST_DEADLINE_SCALE?: number;
}

// scripts/seed.ts: the first admin (and, outside production, the demo authorities and users).
export class SeedEnvironment extends AppEnvironment {
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL = 'admin@comity.local';

  // When absent, the seed generates one and prints it once, when it creates the admin.
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Matches(/^[A-Z]{2}$/, { message: 'ADMIN_JURISDICTION must be a two-letter country code' })
  ADMIN_JURISDICTION = 'US';

  // Where a generated admin password is written (file admin-password, readable only by its owner).
  @IsString()
  @MinLength(1)
  COMITY_DATA_DIR = '.data';
}
