import { registerAs } from '@nestjs/config';
import {
  ApiEnvironment,
  DatabaseEnvironment,
  TemporalEnvironment,
  WorkerEnvironment,
} from './environment';
import { validateEnv } from './validate-env';

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
    corsOrigins: env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
  };
});

export const workerConfig = registerAs('worker', (): WorkerConfig => {
  const env = validateEnv(WorkerEnvironment);
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
  };
});
