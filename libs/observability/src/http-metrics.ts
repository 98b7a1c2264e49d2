import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './metrics';

// HTTP rates, latencies and errors by route. The route label is the matched route's pattern
// (/api/v1/cases/:id), never the raw path, so ids stay out of the labels and their number stays
// bounded; a request no route matched counts as "unmatched".
export function httpMetrics(registry: Registry): (req: Request, res: Response, next: NextFunction) => void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'comity_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'comity_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const labels = {
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
