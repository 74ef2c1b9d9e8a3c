import type { Protocol } from '../protocol.js';
import { decodeGeminiRequest } from './decode-request.js';
import { decodeGeminiResponse } from './decode-response.js';
import { decodeGeminiStream } from './decode-stream.js';
import { encodeGeminiError } from './encode-error.js';
import { encodeGeminiRequest } from './encode-request.js';
import { encodeGeminiResponse } from './encode-response.js';
import { createGeminiStreamEncoder, encodeGeminiStream } from './encode-stream.js';
import { GeminiStreamState } from './gemini-stream-state.js';
import { GEMINI_FORMAT } from './wire.js';

/**
 * The Gemini API (`POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent`), both
 * as the format clients speak (decode request — model and streaming from the URL's
 * `InboundContext` —, encode response / stream in SSE or JSON-array framing / error) and as the
 * format upstreams speak (encode request, decode response / SSE stream). Each mapper's docs hold
 * its mapping table.
 * Source: Gemini API reference, "Generating content".
 */
export const geminiProtocol: Protocol = {
  format: GEMINI_FORMAT,
  decodeRequest: (body, context) => decodeGeminiRequest(body, context),
  encodeRequest: (request, target) => encodeGeminiRequest(request, target),
  decodeResponse: (body, exchange, options) => decodeGeminiResponse(body, exchange, options ?? {}),
  encodeResponse: (response, client) => encodeGeminiResponse(response, client),
  decodeStream: (events, exchange, options) => decodeGeminiStream(events, exchange, options ?? {}),
  encodeStream: (parts, client) => encodeGeminiStream(parts, client),
  createStreamDecoder: (exchange, options) => new GeminiStreamState(exchange, options ?? {}),
  createStreamEncoder: (client) => createGeminiStreamEncoder(client),
  encodeError: (error, requestId) => encodeGeminiError(error, requestId),
};
