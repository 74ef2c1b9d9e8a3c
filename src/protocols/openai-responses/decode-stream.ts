import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import type { DecodeOptions, UpstreamExchange } from '../protocol.js';
import { decodeEventsWith } from '../stream-codec.js';
import { OpenAIResponsesStreamState } from './decode-stream-state.js';

/**
 * Upstream Responses SSE events (`event: <type>` / `data: {…}`, each with a `sequence_number`)
 * → IR stream parts, event by event: every event's parts are yielded before the next event is
 * read. Stops reading after `response.completed`, `response.incomplete`, `response.failed` or
 * `error`; a stream that ends before one of them ends with an `error` part. The mapping is
 * `OpenAIResponsesStreamState`'s (the synchronous core, also used directly by the relay).
 * Source: OpenAI API reference, "Streaming events"; "Streaming API responses" guide.
 * @param events the upstream's parsed SSE events
 * @param exchange what the request encoder decided (tool names, provider, model)
 */
export function decodeOpenAIResponsesStream(
  events: AsyncIterable<SseEvent>,
  exchange: UpstreamExchange,
  options: DecodeOptions = {},
): AsyncGenerator<IrStreamPart> {
  return decodeEventsWith(new OpenAIResponsesStreamState(exchange, options), events);
}
