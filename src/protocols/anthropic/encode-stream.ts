import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';

/**
 * Encodes IR stream parts as the client's Anthropic SSE text, part by part: each yielded string
 * is one or more whole events, written as soon as its part arrives. message_start, content
 * blocks (start with the reference's empty block, deltas, `signature_delta` before the stop,
 * stop), ping for keep-alive, message_delta and message_stop; an IR `error` becomes an
 * `event: error` in the envelope of `encode-error.ts` and ends the stream, as does an IR stream
 * that runs out before `finish`. Stops reading the parts after the end.
 * Source: Anthropic API reference, "Streaming Messages".
 * @param parts the answer as IR stream parts
 * @param client the client's request facts
 */
export async function* encodeAnthropicStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
): AsyncIterable<string> {
  const encoder = new AnthropicStreamEncoder(client);
  for await (const part of parts) {
    const text = encoder.push(part);
    if (text !== '') yield text;
    if (encoder.ended) return;
  }
  const tail = encoder.end();
  if (tail !== '') yield tail;
}
