import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web application. `npm run web:build` writes it to dist/web, which the api serves at `/`;
// `npm run web:dev` serves it with hot reload on port 5173 and proxies the api (API_URL, default
// the api of `npm start`), so the browser still talks to one origin.
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // One chunk per library family keeps the entry small and cacheable.
    chunkSizeWarningLimit: 900,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/api': api, '/health': api },
  },
});
