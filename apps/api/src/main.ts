import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { ConfigValidationError, serializeError, type ApiConfig } from '@comity/config';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
  await app.listen(app.get(ConfigService).getOrThrow<ApiConfig>('api').port);
}

bootstrap().catch((err: unknown) => {
  // Through the log serializer: a failed statement's SQL and parameters stay out of the output.
  console.error(err instanceof ConfigValidationError ? err.message : serializeError(err));
  process.exit(1);
});
