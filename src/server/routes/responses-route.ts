import type { FastifyInstance } from 'fastify';
import { openAIResponsesProtocol } from '../../protocols/openai-responses/openai-responses-protocol.js';
import type { GatewayContext } from '../gateway-context.js';
import { handleGeneration } from '../handle-generation.js';
import { createErrorHandler } from '../handle-error.js';

/**
 * `POST /v1/responses` (also `/responses`): OpenAI Responses in, any upstream out, through the
 * hub; errors in OpenAI's envelope. The gateway stores no responses: `previous_response_id` is
 * answered with a 400 that says to send the whole conversation.
 * Source: OpenAI API reference, "Responses: create".
 */
export function registerResponsesRoute(app: FastifyInstance, context: GatewayContext): void {
  const errorHandler = createErrorHandler(
    context.logger,
    () => context.configHolder.current.bodyLimitBytes,
    (error, requestId) => openAIResponsesProtocol.encodeError(error, requestId),
  );
  for (const path of ['/v1/responses', '/responses']) {
    app.post(path, { errorHandler }, async (request, reply) =>
      handleGeneration(context, request, reply, openAIResponsesProtocol),
    );
  }
}
