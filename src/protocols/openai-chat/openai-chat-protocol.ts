import type { Protocol } from '../protocol.js';
import { decodeOpenAIChatRequest } from './decode-request.js';
import { decodeOpenAIChatResponse } from './decode-response.js';
import { decodeOpenAIChatStream } from './decode-stream.js';
import { encodeOpenAIChatError } from './encode-error.js';
import { encodeOpenAIChatRequest } from './encode-request.js';
import { encodeOpenAIChatResponse } from './encode-response.js';
import { createOpenAIChatStreamEncoder, encodeOpenAIChatStream } from './encode-stream.js';
import { OpenAIChatStreamState } from './openai-chat-stream-state.js';
import { OPENAI_CHAT_FORMAT } from './wire.js';

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), both as the format clients speak (decode
 * request, encode response / stream / error) and as the format upstreams speak (encode request,
 * decode response / stream). Each mapper's docs hold its mapping table.
 * Source: OpenAI API reference, "Chat Completions".
 */
export const openAIChatProtocol: Protocol = {
  format: OPENAI_CHAT_FORMAT,
  decodeRequest: (body) => decodeOpenAIChatRequest(body),
  encodeRequest: (request, target) => encodeOpenAIChatRequest(request, target),
  decodeResponse: (body, exchange, options) => decodeOpenAIChatResponse(body, exchange, options ?? {}),
  encodeResponse: (response, client) => encodeOpenAIChatResponse(response, client),
  decodeStream: (events, exchange, options) => decodeOpenAIChatStream(events, exchange, options ?? {}),
  encodeStream: (parts, client) => encodeOpenAIChatStream(parts, client),
  createStreamDecoder: (exchange, options) => new OpenAIChatStreamState(exchange, options ?? {}),
  createStreamEncoder: (client) => createOpenAIChatStreamEncoder(client),
  encodeError: (error) => encodeOpenAIChatError(error),
};
