import type { Protocol } from '../protocol.js';
import { decodeOpenAIResponsesRequest } from './decode-request.js';
import { decodeOpenAIResponsesResponse } from './decode-response.js';
import { decodeOpenAIResponsesStream } from './decode-stream.js';
import { encodeOpenAIResponsesError } from './encode-error.js';
import { encodeOpenAIResponsesRequest } from './encode-request.js';
import { encodeOpenAIResponsesResponse } from './encode-response.js';
import { createOpenAIResponsesStreamEncoder, encodeOpenAIResponsesStream } from './encode-stream.js';
import { OpenAIResponsesStreamState } from './decode-stream-state.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/**
 * OpenAI Responses (`POST /v1/responses`), both as the format clients speak (decode request,
 * encode response / stream / error) and as the format upstreams speak (OpenAI, Codex models:
 * encode request, decode response / stream). Stateless: `previous_response_id` and
 * `conversation` are refused, every upstream request is sent with `store: false`, and reasoning
 * travels encrypted through the client (`map-reasoning-item.ts`). Each mapper's docs hold its
 * mapping table.
 * Source: OpenAI API reference, "Responses".
 */
export const openAIResponsesProtocol: Protocol = {
  format: OPENAI_RESPONSES_FORMAT,
  decodeRequest: (body) => decodeOpenAIResponsesRequest(body),
  encodeRequest: (request, target) => encodeOpenAIResponsesRequest(request, target),
  decodeResponse: (body, exchange, options) => decodeOpenAIResponsesResponse(body, exchange, options ?? {}),
  encodeResponse: (response, client) => encodeOpenAIResponsesResponse(response, client),
  decodeStream: (events, exchange, options) => decodeOpenAIResponsesStream(events, exchange, options ?? {}),
  encodeStream: (parts, client) => encodeOpenAIResponsesStream(parts, client),
  createStreamDecoder: (exchange, options) => new OpenAIResponsesStreamState(exchange, options ?? {}),
  createStreamEncoder: (client) => createOpenAIResponsesStreamEncoder(client),
  encodeError: (error) => encodeOpenAIResponsesError(error),
};
