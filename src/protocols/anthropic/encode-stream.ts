import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { encodePartsWith } from '../stream-codec.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';

/**
 * Encodes IR stream parts as the client's Anthropic SSE text, part by part: each yielded string
 * is one or more whole events, written as soon as its part arrives. message_start, content
 * blocks (start with the reference's empty block, deltas, `signature_delta` before the stop,
 * stop), ping for keep-alive, message_delta and message_stop; an IR `error` becomes an
 * `event: error` in the envelope of `encode-error.ts` and ends the stream, as does an IR stream
 * that runs out before `finish`. Stops reading the parts after the end. The mapping is
 * `AnthropicStreamEncoder`'s (the synchronous core, also used directly by the relay).
 * Source: Anthropic API reference, "Streaming Messages".
 * @param parts the answer as IR stream parts
 * @param client the client's request facts
 */
export function encodeAnthropicStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
): AsyncIterable<string> {
  return encodePartsWith(new AnthropicStreamEncoder(client), parts);
}
