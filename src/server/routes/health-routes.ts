import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../gateway-context.js';

/**
 * `GET /healthz` (liveness: the process serves HTTP) and `GET /readyz` (ready: a config is
 * loaded and at least one upstream is configured; 503 otherwise). No inbound auth: probes carry
 * no keys, and neither answer reveals anything secret.
 */
export function registerHealthRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const upstreams = context.configHolder.current.upstreams.length;
    if (upstreams === 0) {
      return reply.code(503).send({ status: 'not_ready', reason: 'no upstream is configured', upstreams });
    }
    return reply.send({ status: 'ready', upstreams });
  });
}
