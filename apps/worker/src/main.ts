import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError, serializeError } from '@comity/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT run onModuleDestroy, which drains the Temporal worker before exit.
  app.enableShutdownHooks();
  await app.init();
}

bootstrap().catch((err: unknown) => {
  // Through the log serializer: a failed statement's SQL and parameters stay out of the output.
  console.error(err instanceof ConfigValidationError ? err.message : serializeError(err));
  process.exit(1);
});
