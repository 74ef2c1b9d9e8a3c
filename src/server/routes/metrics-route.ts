import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../../observability/metrics.js';
import { admitRequest, type GatewayContext } from '../gateway-context.js';

/**
 * `GET /metrics`: the gateway's Prometheus metrics (text exposition format 0.0.4, content type
 * `text/plain; version=0.0.4; charset=utf-8`; see {@link GatewayMetrics} for the series). Guarded by
 * the inbound `api-keys` like the generation routes (401 in Anthropic's error envelope), so an
 * exposed gateway does not leak traffic statistics; with no `api-keys`, open (loopback only).
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  context: GatewayContext & { readonly metrics: GatewayMetrics },
): void {
  app.get('/metrics', async (request, reply) => {
    admitRequest(context, request.headers);
    const text = await context.metrics.metrics();
    return reply.header('content-type', context.metrics.contentType).send(text);
  });
}
