import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpsAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type OpsRoutes = Record<string, () => Promise<OpsAnswer>>;

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export const json = (status: number, body: unknown): OpsAnswer => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

// A plain HTTP server for operations (metrics, the worker's probes), on a port of its own: kept off
// the public api port, so scrapes are neither authenticated, throttled nor audited, and the
// metrics are not reachable by the api's users. GET only; anything else is 404/405.
export async function startOpsServer(port: number, routes: OpsRoutes, host = '0.0.0.0'): Promise<OpsServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path];
    const send = (a: OpsAnswer) => {
      res.writeHead(a.status, { 'Content-Type': a.contentType, 'Cache-Control': 'no-store' });
      res.end(a.body);
    };
    if (!route) return send(json(404, { error: 'not found' }));
    if (req.method !== 'GET') return send(json(405, { error: 'GET only' }));
    route().then(send, (err: unknown) => send(json(500, { error: err instanceof Error ? err.message : String(err) })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
