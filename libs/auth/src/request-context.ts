import type { ExecutionContext } from '@nestjs/common';

interface RoutedRequest {
  method: string;
  route?: { path?: string };
  params?: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What an audit record may say about a request: method, route pattern and the case id when the
// route names one. Never the query string or body (they may hold names or free text).
export function requestAuditContext(ctx: ExecutionContext): {
  method: string;
  route: string | null;
  caseId: string | null;
} {
  const req = ctx.switchToHttp().getRequest<RoutedRequest>();
  const id = req.params?.id;
  const route = req.route?.path ?? null;
  return {
    method: req.method,
    route,
    caseId:
      route !== null && /\/cases\/:id(\/|$)/.test(route) && id && UUID.test(id) ? id.toLowerCase() : null,
  };
}
