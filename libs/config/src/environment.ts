import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

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
}
