import type { Protocol } from '../protocol.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { decodeAnthropicResponse } from './decode-response.js';
import { decodeAnthropicStream } from './decode-stream.js';
import { encodeAnthropicError } from './encode-error.js';
import { encodeAnthropicRequest } from './encode-request.js';
import { encodeAnthropicResponse } from './encode-response.js';
import { encodeAnthropicStream } from './encode-stream.js';

/**
 * The Anthropic Messages format as a spoke of the hub: client requests and upstream answers in
 * and out of the IR, one mapper per file.
 * Source: Anthropic API reference, "Messages", "Streaming Messages" and "Errors".
 */
export const anthropicProtocol: Protocol = {
  format: 'anthropic',
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  decodeStream: decodeAnthropicStream,
  encodeStream: encodeAnthropicStream,
  createStreamDecoder: (exchange) => new AnthropicStreamDecoder(exchange),
  createStreamEncoder: (client) => new AnthropicStreamEncoder(client),
  encodeError: encodeAnthropicError,
};
