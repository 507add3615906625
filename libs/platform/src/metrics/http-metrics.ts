import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/** Request rate, latency and errors per route, labelled by the route pattern (not the raw URL). */
export function registerHttpMetrics(fastify: FastifyInstance, service: string): void {
  if (!defaultsCollected) {
    collectDefaultMetrics({ labels: { service } });
    defaultsCollected = true;
  }
  const duration =
    (register.getSingleMetric('http_request_duration_seconds') as Histogram<string>) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  const errors =
    (register.getSingleMetric('http_request_errors_total') as Counter<string>) ??
    new Counter({ name: 'http_request_errors_total', help: 'HTTP responses with status >= 400 by route', labelNames: ['method', 'route', 'status'] });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400) errors.inc(labels);
  });
}
