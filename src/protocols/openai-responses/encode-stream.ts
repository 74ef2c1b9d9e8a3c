import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { encodePartsWith, type IrStreamEncoder } from '../stream-codec.js';
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
export function encodeOpenAIResponsesStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
  options: EncodeResponsesStreamOptions = {},
): AsyncGenerator<string> {
  return encodePartsWith(createOpenAIResponsesStreamEncoder(client, options), parts);
}

/**
 * The synchronous core of `encodeOpenAIResponsesStream` (same events, part by part): one client
 * stream's `ResponsesEventEncoder`. `end()` gives the `response.failed` of a stream that ran out
 * before `finish`.
 * @param client the client's request facts (the model name until `response-start`)
 */
export function createOpenAIResponsesStreamEncoder(
  client: ClientExchange,
  options: EncodeResponsesStreamOptions = {},
): IrStreamEncoder {
  return new ResponsesEventEncoder(client, Math.floor((options.now ?? Date.now)() / 1000));
}
