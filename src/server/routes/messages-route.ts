import type { FastifyInstance } from 'fastify';
import { anthropicProtocol } from '../../protocols/anthropic/anthropic-protocol.js';
import type { GatewayContext } from '../gateway-context.js';
import { handleGeneration } from '../handle-generation.js';

/**
 * `POST /v1/messages` (also `?beta=true`, as Claude Code sends it): Anthropic Messages in, any
 * upstream out — the same-format fast path for Anthropic-format upstreams, the hub otherwise.
 * Source: Anthropic API reference, "Messages" and "Streaming Messages".
 */
export function registerMessagesRoute(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/messages', async (request, reply) =>
    handleGeneration(context, request, reply, anthropicProtocol),
  );
}
