import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import type { DecodeOptions, UpstreamExchange } from '../protocol.js';
import { decodeEventsWith } from '../stream-codec.js';
import { GeminiStreamState } from './gemini-stream-state.js';

/**
 * Upstream `streamGenerateContent?alt=sse` events (`data: {GenerateContentResponse}` each) → IR
 * stream parts, chunk by chunk: every event's parts are yielded before the next event is read.
 * Stops reading after an error chunk. The mapping is `GeminiStreamState`'s (the synchronous core,
 * also used directly by the relay).
 * Source: Gemini API reference, "Generating content" (`models.streamGenerateContent`).
 * @param events the upstream's parsed SSE events
 * @param exchange what the request encoder decided (tool names, provider, model)
 */
export function decodeGeminiStream(
  events: AsyncIterable<SseEvent>,
  exchange: UpstreamExchange,
  options: DecodeOptions = {},
): AsyncGenerator<IrStreamPart> {
  return decodeEventsWith(new GeminiStreamState(exchange, options), events);
}
