import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppModule } from '../apps/api/src/app.module';
import { createApiDocument, setApiPrefix } from '../apps/api/src/configure-app';

// Writes the api's OpenAPI document without a database, Temporal or a listening server: the
// module graph is built in preview mode (no provider is instantiated), which is all the document
// needs. The web build generates its typed client from it (npm run web:build); the browser e2e
// test checks it is the document the running api serves.
// Usage: node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/openapi-document.ts OUT.json
async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: openapi-document.ts OUT.json');
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  setApiPrefix(app);
  const document = createApiDocument(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
