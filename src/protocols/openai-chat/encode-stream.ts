import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { encodeOpenAIChatErrorEvent } from './encode-error.js';
import { chatCompletionId } from './encode-response.js';
import { encodeFinishReason } from './map-finish-reason.js';
import { encodeOpenAIChatUsage } from './map-usage.js';

/** The stream's terminator (reference: "Create chat completion", `stream`). */
export const DONE_EVENT = 'data: [DONE]\n\n';
/** What a keep-alive becomes: an SSE comment, which SSE parsers (openai-node's included) skip. */
export const KEEP_ALIVE_EVENT = ': keep-alive\n\n';

/** Options of the stream encoder. */
export interface EncodeStreamOptions {
  /** Current time, ms since epoch (for `created`). */
  readonly now?: (() => number) | undefined;
}

/**
 * IR stream parts → OpenAI chunks for the client (`data: {chunk}\n\n` … `data: [DONE]\n\n`).
 *
 * | IR part                 | chunk                                                              |
 * |-------------------------|--------------------------------------------------------------------|
 * | `response-start`        | first chunk: `delta: {role: "assistant", content: ""}`             |
 * | `text-delta`            | `delta.content`                                                    |
 * | `reasoning-delta`       | `delta.reasoning_content` (DeepSeek's field; OpenAI itself streams no reasoning text) |
 * | `tool-input-start`      | `delta.tool_calls: [{index, id, type: "function", function: {name, arguments: ""}}]` |
 * | `tool-input-delta`      | `delta.tool_calls: [{index, function: {arguments}}]`               |
 * | `finish`                | `delta: {}` with `finish_reason`; then, if `includeUsage`, a chunk with `choices: []` and `usage`; then `[DONE]` |
 * | `error`                 | `data: {"error":{…}}` (OpenAI's envelope), then the stream ends without `[DONE]` |
 * | `keep-alive`            | an SSE comment                                                     |
 * | `*-start`/`*-end`, `usage`, signatures, redacted reasoning, opaque blocks | nothing  |
 *
 * `index` of a tool call counts the answer's tool calls from 0. With `includeUsage`, every other
 * chunk carries `usage: null`, as the reference describes. Every chunk has the answer's
 * `id` (`chatcmpl-…`), `object: "chat.completion.chunk"`, `created` (seconds, fixed for the
 * stream) and `model` (from `response-start`). A stream that ends without `finish` or `error`
 * ends with an error event.
 * Source: OpenAI API reference, "The chat completion chunk object", "Create chat completion"
 * (`stream_options.include_usage`).
 */
export async function* encodeOpenAIChatStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
  options: EncodeStreamOptions = {},
): AsyncGenerator<string> {
  const encoder = new ChunkEncoder(client, Math.floor((options.now ?? Date.now)() / 1000));
  for await (const part of parts) {
    const text = encoder.push(part);
    if (text !== '') yield text;
    if (encoder.ended) return;
  }
  yield encodeOpenAIChatErrorEvent(
    new GatewayError('upstream_error', 502, 'The upstream stream ended before it finished.'),
  );
}

class ChunkEncoder {
  private readonly includeUsage: boolean;
  private readonly created: number;
  private id = 'chatcmpl-unknown';
  private model: string;
  private readonly toolCalls = new Map<number, number>();
  ended = false;

  constructor(client: ClientExchange, created: number) {
    this.includeUsage = client.includeUsage;
    this.created = created;
    this.model = client.requestedModel;
  }

  push(part: IrStreamPart): string {
    switch (part.type) {
      case 'response-start':
        this.id = chatCompletionId(part.id);
        this.model = part.model;
        return this.chunk({ role: 'assistant', content: '' });
      case 'text-delta':
        return part.text === '' ? '' : this.chunk({ content: part.text });
      case 'reasoning-delta':
        return part.text === '' ? '' : this.chunk({ reasoning_content: part.text });
      case 'tool-input-start': {
        const index = this.toolCalls.size;
        this.toolCalls.set(part.index, index);
        return this.chunk({
          tool_calls: [
            { index, id: part.id, type: 'function', function: { name: part.name, arguments: '' } },
          ],
        });
      }
      case 'tool-input-delta': {
        const index = this.toolCalls.get(part.index);
        if (index === undefined || part.json === '') return '';
        return this.chunk({ tool_calls: [{ index, function: { arguments: part.json } }] });
      }
      case 'finish': {
        this.ended = true;
        let text = this.chunk({}, encodeFinishReason(part.finishReason));
        if (this.includeUsage) text += this.event({ choices: [], usage: encodeOpenAIChatUsage(part.usage) });
        return text + DONE_EVENT;
      }
      case 'error':
        this.ended = true;
        return encodeOpenAIChatErrorEvent(part.error);
      case 'keep-alive':
        return KEEP_ALIVE_EVENT;
      case 'usage':
      case 'text-start':
      case 'text-end':
      case 'reasoning-start':
      case 'reasoning-signature':
      case 'reasoning-end':
      case 'redacted-reasoning':
      case 'tool-input-end':
      case 'opaque-block':
        return '';
      default: {
        const unknown: never = part;
        throw new Error(`Unknown stream part ${JSON.stringify(unknown)}`);
      }
    }
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    return this.event({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  private event(fields: Record<string, unknown>): string {
    const chunk: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      ...fields,
    };
    if (this.includeUsage && !('usage' in fields)) chunk.usage = null;
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
