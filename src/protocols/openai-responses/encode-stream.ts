import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { ResponsesEventEncoder } from './encode-stream-state.js';

/** Options of the stream encoder. */
export interface EncodeResponsesStreamOptions {
  /** Current time, ms since epoch (for `created_at`). */
  readonly now?: (() => number) | undefined;
}

/**
 * IR stream parts → the client's Responses SSE events, part by part (the mapping is
 * `ResponsesEventEncoder`'s). Each yielded string is one or more whole events. A stream that
 * ends without `finish` or `error` ends with `response.failed`.
 * Source: OpenAI API reference, "Streaming events".
 */
export async function* encodeOpenAIResponsesStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
  options: EncodeResponsesStreamOptions = {},
): AsyncGenerator<string> {
  const encoder = new ResponsesEventEncoder(client, Math.floor((options.now ?? Date.now)() / 1000));
  for await (const part of parts) {
    const text = encoder.push(part);
    if (text !== '') yield text;
    if (encoder.ended) return;
  }
  yield encoder.fail(
    new GatewayError('upstream_error', 502, 'The upstream stream ended before it finished.'),
  );
}
