import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The web application (apps/web, built into dist/web by `npm run build` or `npm run web:build`) is served by the api at `/`, on the
// same origin as the REST API, so the browser needs no CORS. /api and /health stay the api's: an
// unknown /api path still answers a problem+json 404.

/** Where the built web application is: WEB_DIST_DIR, or dist/web under the working directory. */
export function webDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.WEB_DIST_DIR || join(process.cwd(), 'dist', 'web'));
}

/** True for the paths the api itself answers. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/');
}

// Hashed bundles never change under their name; everything else (index.html) is asked for again.
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function serveWebApp(app: NestExpressApplication, dir = webDistDir()): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`No web application at ${dir}: run npm run web:build to serve it at /`);
    return false;
  }
  const files = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) => {
      if (path.startsWith(join(dir, 'assets'))) res.setHeader('Cache-Control', IMMUTABLE);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    files(req, res, () => {
      // Not a file: a route of the single-page application for a browser; anything else is the
      // api's to answer (a problem+json 404).
      if (!req.accepts('html')) return next();
      res.sendFile(index);
    });
  });
  return true;
}
