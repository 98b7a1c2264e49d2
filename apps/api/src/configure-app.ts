import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import type { ApiConfig } from '@comity/config';
import { Logger } from 'nestjs-pino';
import { withCodecCors } from './codec/codec-session';
import { noStore, refuseCredentialsInUrl } from './common/http-safety';
import { answerParserErrorsWithProblems } from './common/client-errors';
import { finishDocument } from './common/api-responses';
import { rejectDeepJson } from './common/json-depth';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { serveWebApp } from './web/web-app';

export const API_PREFIX = 'api/v1';

// Shared by main.ts and the e2e tests, so tests exercise the app exactly as it is served.
export function configureApp(app: INestApplication): INestApplication {
  const api = app.get(ConfigService).getOrThrow<ApiConfig>('api');
  app.useLogger(app.get(Logger));
  // Security headers first, before any other middleware answers. HSTS and the upgrade of
  // insecure requests only in production, so the docs still load over plain http on a dev box.
  const production = api.nodeEnv === 'production';
  app.use(
    helmet({
      hsts: production,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: production ? [] : null } },
    }),
  );
  // No answer kept in a cache (Cache-Control: no-store); tokens and passwords never in URLs (400).
  app.use(noStore());
  app.use(refuseCredentialsInUrl());
  // Only the configured origins; none (same-origin only) when CORS_ORIGINS is empty. The codec
  // routes also take the Temporal UI's X-Namespace header and its credentials (a cookie).
  app.enableCors(
    withCodecCors({
      origin: api.corsOrigins.length ? api.corsOrigins : false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      maxAge: 600,
    }),
  );
  // Request size limits (413 beyond them); registered before Nest's default parsers.
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: api.bodyLimit });
  express.useBodyParser('urlencoded', { limit: api.bodyLimit, extended: false });
  app.use(rejectDeepJson());
  answerParserErrorsWithProblems(app.getHttpServer());
  setApiPrefix(app);
  // The web application at / (everything but /api and /health), when it has been built.
  serveWebApp(express);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  // The document is a contract (response models, problems, headers); e2e answers are checked against it.
  const document = createApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** Routes under /api/v1, except the health check. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/live', 'health/ready'] });
}

/** The OpenAPI document of the app's routes (also built offline by scripts/openapi-document.ts). */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  return finishDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Comity API')
        .setDescription('Cross-border mutual legal assistance and extradition case workflows')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
}
