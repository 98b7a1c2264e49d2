import { DefaultLogger, Runtime, type LogLevel, type MetricsExporterConfig } from '@temporalio/worker';
import pino from 'pino';
import { errorSerializers } from '@comity/config';

const LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

// Routes the Temporal SDK's own logs into the same structured JSON stream as the app's.
// With `metrics`, the SDK's own metrics are exported too (the worker's /metrics serves them).
// Runtime.install may run once per process; a second call (tests) keeps the first logger.
export function installTemporalRuntimeLogger(level: string, metrics?: MetricsExporterConfig): void {
  // The same error serializers as the app's logs: no SQL, parameters or row values.
  const logger = pino({ level, base: { component: 'temporal-sdk' }, serializers: errorSerializers });
  try {
    Runtime.install({
      logger: new DefaultLogger(LEVELS[level] ?? 'INFO', ({ level: l, message, meta }) => {
        const method = l === 'TRACE' ? 'trace' : (l.toLowerCase() as 'debug' | 'info' | 'warn' | 'error');
        logger[method](meta ?? {}, message);
      }),
      ...(metrics ? { telemetryOptions: { metrics } } : {}),
    });
  } catch {
    // already installed in this process
  }
}
