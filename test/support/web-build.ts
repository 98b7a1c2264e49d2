import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { AppModule } from '../../apps/api/src/app.module';
import { createApiDocument, setApiPrefix } from '../../apps/api/src/configure-app';

const ROOT = join(__dirname, '..', '..');

/** The OpenAPI document built offline (preview mode, no database), as `npm run build` builds it. */
export async function offlineDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  setApiPrefix(app);
  return createApiDocument(app);
}

/**
 * Builds the web application as `npm run build` does: its typed client generated from the
 * document, type-checked (a screen that no longer matches the API fails here), bundled into outDir.
 */
export async function buildWebApp(document: OpenAPIObject, outDir: string): Promise<void> {
  const generated = join(ROOT, 'apps', 'web', 'generated');
  mkdirSync(generated, { recursive: true });
  writeFileSync(join(generated, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(join(generated, 'api.d.ts'), astToString(await openapiTS(document as never)));
  const run = (bin: string, args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  run('typescript/bin/tsc', ['-p', 'apps/web/tsconfig.json']);
  run('vite/bin/vite.js', [
    'build',
    '--config',
    'apps/web/vite.config.mts',
    '--outDir',
    outDir,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
}
