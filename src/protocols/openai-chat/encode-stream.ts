import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { ClientExchange } from '../protocol.js';
import { encodePartsWith, type IrDeltaLiteral, type IrStreamEncoder } from '../stream-codec.js';
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
export function encodeOpenAIChatStream(
  parts: AsyncIterable<IrStreamPart>,
  client: ClientExchange,
  options: EncodeStreamOptions = {},
): AsyncGenerator<string> {
  return encodePartsWith(createOpenAIChatStreamEncoder(client, options), parts);
}

/**
 * The synchronous core of `encodeOpenAIChatStream` (same text, part by part): one client stream's
 * chunk encoder. `end()` gives the error event of a stream that ran out before `finish`.
 * @param client the client's request facts (`includeUsage`, the model name until `response-start`)
 */
export function createOpenAIChatStreamEncoder(
  client: ClientExchange,
  options: EncodeStreamOptions = {},
): IrStreamEncoder {
  return new ChunkEncoder(client, Math.floor((options.now ?? Date.now)() / 1000));
}

/**
 * Writes the chunks. Every chunk is `JSON.stringify({id, object, created, model, choices,
 * usage?})`; the constant head (`{"id":…,"model":…`) is serialised once per answer id and model,
 * and only the `choices` (and `usage`) are serialised per chunk — the same bytes, less work.
 */
class ChunkEncoder implements IrStreamEncoder {
  private readonly includeUsage: boolean;
  private readonly created: number;
  private readonly toolCalls = new Map<number, number>();
  /** `{"id":…,"object":"chat.completion.chunk","created":…,"model":…` (no closing brace). */
  private head: string;
  /** What closes a chunk with a `choices` entry: `,"usage":null}` with `includeUsage`, then the blank line. */
  private readonly tail: string;
  ended = false;
  /** What `encodeDelta` writes around a literal, for the current head. */
  private deltaAffixes:
    | { readonly head: string; readonly text: string; readonly reasoning: string; readonly after: string }
    | undefined;

  constructor(client: ClientExchange, created: number) {
    this.includeUsage = client.includeUsage;
    this.created = created;
    this.head = this.headOf('chatcmpl-unknown', client.requestedModel);
    this.tail = client.includeUsage ? ',"usage":null}\n\n' : '}\n\n';
  }

  push(part: IrStreamPart): string {
    if (this.ended) return '';
    switch (part.type) {
      case 'response-start':
        this.head = this.headOf(chatCompletionId(part.id), part.model);
        return this.chunk('{"role":"assistant","content":""}');
      case 'text-delta':
        return part.text === '' ? '' : this.chunk(`{"content":${JSON.stringify(part.text)}}`);
      case 'reasoning-delta':
        return part.text === '' ? '' : this.chunk(`{"reasoning_content":${JSON.stringify(part.text)}}`);
      case 'tool-input-start': {
        const index = this.toolCalls.size;
        this.toolCalls.set(part.index, index);
        return this.chunk(
          JSON.stringify({
            tool_calls: [
              { index, id: part.id, type: 'function', function: { name: part.name, arguments: '' } },
            ],
          }),
        );
      }
      case 'tool-input-delta': {
        const index = this.toolCalls.get(part.index);
        if (index === undefined || part.json === '') return '';
        return this.chunk(
          `{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(part.json)}}}]}`,
        );
      }
      case 'finish': {
        this.ended = true;
        let text = this.chunk('{}', JSON.stringify(encodeFinishReason(part.finishReason)));
        if (this.includeUsage) {
          const fields = JSON.stringify({ choices: [], usage: encodeOpenAIChatUsage(part.usage) });
          text += `data: ${this.head},${fields.slice(1)}\n\n`;
        }
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

  /**
   * The delta fast lane: the same chunk as `push` writes for a text or reasoning delta, from its
   * literal. The text around the literal is kept per answer head (`{"content":` /
   * `{"reasoning_content":` chunks). Tool-argument pieces are declined (`undefined`: `push` writes
   * them, numbering the calls).
   */
  encodeDelta(delta: IrDeltaLiteral): string | undefined {
    if (delta.kind === 'tool-input-delta') return undefined;
    if (this.ended || delta.json === '""') return '';
    let affixes = this.deltaAffixes;
    if (affixes === undefined || affixes.head !== this.head) {
      const after = `},"logprobs":null,"finish_reason":null}]${this.tail}`;
      const before = `data: ${this.head},"choices":[{"index":0,"delta":`;
      affixes = this.deltaAffixes = {
        head: this.head,
        text: `${before}{"content":`,
        reasoning: `${before}{"reasoning_content":`,
        after,
      };
    }
    return (delta.kind === 'text-delta' ? affixes.text : affixes.reasoning) + delta.json + affixes.after;
  }

  end(): string {
    if (this.ended) return '';
    this.ended = true;
    return encodeOpenAIChatErrorEvent(
      new GatewayError('upstream_error', 502, 'The upstream stream ended before it finished.'),
    );
  }

  /** The chunk head for an answer id and model, serialised as `JSON.stringify` writes it. */
  private headOf(id: string, model: string): string {
    const head = JSON.stringify({ id, object: 'chat.completion.chunk', created: this.created, model });
    return head.slice(0, -1);
  }

  /**
   * One chunk of choice 0.
   * @param deltaJson `JSON.stringify` of the delta
   * @param finishReasonJson `JSON.stringify` of the finish reason (`null` while streaming)
   */
  private chunk(deltaJson: string, finishReasonJson = 'null'): string {
    return `data: ${this.head},"choices":[{"index":0,"delta":${deltaJson},"logprobs":null,"finish_reason":${finishReasonJson}}]${this.tail}`;
  }
}
