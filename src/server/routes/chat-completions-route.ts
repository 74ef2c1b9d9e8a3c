import type { FastifyInstance } from 'fastify';
import { openAIChatProtocol } from '../../protocols/openai-chat/openai-chat-protocol.js';
import type { GatewayContext } from '../gateway-context.js';
import { handleGeneration } from '../handle-generation.js';
import { createErrorHandler } from '../handle-error.js';

/**
 * `POST /v1/chat/completions` (also `/chat/completions`, for clients whose base URL has no `/v1`):
 * OpenAI Chat Completions in, any upstream out, through the hub; errors in OpenAI's envelope.
 * Source: OpenAI API reference, "Chat Completions: create".
 */
export function registerChatCompletionsRoute(app: FastifyInstance, context: GatewayContext): void {
  const errorHandler = createErrorHandler(
    context.logger,
    () => context.configHolder.current.bodyLimitBytes,
    (error, requestId) => openAIChatProtocol.encodeError(error, requestId),
  );
  for (const path of ['/v1/chat/completions', '/chat/completions']) {
    app.post(path, { errorHandler }, async (request, reply) =>
      handleGeneration(context, request, reply, openAIChatProtocol),
    );
  }
}
