import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeEventsWith } from '../stream-codec.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';

/**
 * Decodes an upstream's Anthropic SSE stream into IR stream parts, event by event (each part is
 * yielded as soon as its event arrives). The stream ends with `finish` or `error`: an `error`
 * event gives an `UpstreamHttpError` (status of its error type), and events that run out before
 * `message_stop` give a 502 error. Stops reading after the end (closing the upstream iterator).
 * Errors thrown by `events` itself (the connection broke) propagate to the caller. The mapping is
 * `AnthropicStreamDecoder`'s (the synchronous core, also used directly by the relay).
 * Source: Anthropic API reference, "Streaming Messages".
 * @param events the upstream's SSE events, as `SseEventSplitter` + `parseSseEvent` give them
 * @param exchange what the request encoder decided (provider id, tool names)
 */
export function decodeAnthropicStream(
  events: AsyncIterable<SseEvent>,
  exchange: UpstreamExchange,
): AsyncIterable<IrStreamPart> {
  return decodeEventsWith(new AnthropicStreamDecoder(exchange), events);
}
