import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeEventsWith } from '../stream-codec.js';
import type { DecodeStreamOptions } from './openai-chat-stream-state.js';
import { OpenAIChatStreamState } from './openai-chat-stream-state.js';

/**
 * Upstream Chat Completions SSE events (`data: {chunk}` … `data: [DONE]`) → IR stream parts, chunk
 * by chunk: every event's parts are yielded before the next event is read. Stops reading after
 * `[DONE]` or an error. Tool-call arguments stream as their fragments come when calls arrive one
 * after another, and are buffered and emitted whole (repaired if need be) when they interleave or
 * lack a name. The mapping is `OpenAIChatStreamState`'s (tool calls: `ToolCallAssembler`), the
 * synchronous core the relay also uses directly.
 * Source: OpenAI API reference, "The chat completion chunk object"; "Create chat completion" (`stream`).
 * @param events the upstream's parsed SSE events
 * @param exchange what the request encoder decided (tool names, provider, model)
 */
export function decodeOpenAIChatStream(
  events: AsyncIterable<SseEvent>,
  exchange: UpstreamExchange,
  options: DecodeStreamOptions = {},
): AsyncGenerator<IrStreamPart> {
  return decodeEventsWith(new OpenAIChatStreamState(exchange, options), events);
}
