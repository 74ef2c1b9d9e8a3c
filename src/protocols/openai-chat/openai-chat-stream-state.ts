import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE, type IrUsage } from '../../ir/usage.js';
import type { IrWarning } from '../../ir/warning.js';
import type { UpstreamExchange } from '../protocol.js';
import type { IrDeltaLiteral, IrStreamDecoder } from '../stream-codec.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import { decodeMidStreamError } from './decode-upstream-error.js';
import { decodeFinishReason } from './map-finish-reason.js';
import { decodeOpenAIChatUsage } from './map-usage.js';
import { literalValue, StringSlotTemplate } from '../json/string-slot-template.js';
import { ThinkTagSplitter } from './split-think-tags.js';
import { StreamWarner } from './stream-warner.js';
import { ToolCallAssembler } from './tool-call-assembler.js';
import type { OpenAIChatChunk } from './wire-upstream.js';
import { openAIChatChunkSchema } from './wire-upstream.js';

/** Options of the stream decoder. */
export interface DecodeStreamOptions {
  /** Receives what was repaired or lost (the Protocol interface has no warning channel here). */
  readonly onWarning?: ((warning: IrWarning) => void) | undefined;
}

/**
 * The state machine of one upstream Chat Completions stream → IR stream parts.
 *
 * States: before the first chunk → streaming (at most one text or reasoning block open) → finished
 * (`finish_reason` seen; only usage may follow) → ended (`[DONE]`, end of events, or an error).
 *
 * - `delta.reasoning_content` / `delta.reasoning` and a leading `<think>…</think>` of
 *   `delta.content` (split at any byte by `ThinkTagSplitter`) → a reasoning block; text → a text
 *   block; a block ends before the next starts (reasoning ends before text starts).
 * - `delta.tool_calls` fragments are assembled by `index` (`ToolCallAssembler`): calls arriving one
 *   after another stream live — `tool-input-start`, then a `tool-input-delta` per fragment as it
 *   comes, `tool-input-end` when the next call, text or reasoning starts, or at the end (live
 *   arguments cannot be repaired: a `malformed-tool-arguments` warning says when they were not
 *   JSON). Calls that cannot stream (no name yet, interleaved with another call) are buffered and
 *   emitted whole — start, one delta, end — when `finish_reason` arrives (or the stream ends), with
 *   their arguments checked and repaired. A fragment closes the open text block; text after a live
 *   call ends the call first.
 * - `usage` (on the last chunk, on every chunk, or in a choice) → `usage` parts when it changes;
 *   it never closes a block. `finish` waits for the end of the stream so the final usage is in it.
 * - a chunk with an `error` (OpenRouter, vLLM mid-stream errors) or an `event: error` → `error`.
 * - a stream that ends with neither `finish_reason` nor `[DONE]` was cut → `error`.
 * Source: OpenAI API reference, "The chat completion chunk object"; "Function calling" guide
 * ("Streaming"); provider fields as in `wire-upstream.ts`.
 */
export class OpenAIChatStreamState implements IrStreamDecoder {
  private readonly exchange: UpstreamExchange;
  private readonly warner: StreamWarner;
  private readonly splitter = new ThinkTagSplitter();
  private readonly tools: ToolCallAssembler;
  private started = false;
  private responseId = '';
  private nextIndex = 0;
  private open: { type: 'text' | 'reasoning'; index: number } | undefined;
  private finishReason: string | undefined;
  private matchedStop: string | undefined;
  private sawFinish = false;
  private refused = false;
  private usage: IrUsage | undefined;
  private lastUsageKey = '';
  private ended = false;
  /**
   * The upstream's text-only chunk with `delta.content` as the slot, learned from the first such
   * chunk: later chunks that match it are read without parsing the whole chunk (most of a stream is
   * these; their id, model and every other field are the learned chunk's, byte for byte).
   */
  private contentTemplate: StringSlotTemplate | undefined;
  /** The content template as a whole `data:` event (`readDelta`). */
  private framedContentTemplate: StringSlotTemplate | undefined;
  /**
   * The upstream's chunk carrying nothing but a piece of the live tool call's arguments
   * (`{"index":…,"function":{"arguments":"…"}}`), learned from the first such chunk, as a whole
   * `data:` event: `readDelta` reads later pieces of that call from their literal.
   */
  private argumentsTemplate: { readonly position: number; readonly framed: StringSlotTemplate } | undefined;

  constructor(exchange: UpstreamExchange, options: DecodeStreamOptions = {}) {
    this.exchange = exchange;
    this.warner = new StreamWarner(options.onWarning);
    this.tools = new ToolCallAssembler(
      exchange,
      (code, message, kind) => this.warner.warn(code, message, kind),
      {
        startBlock: (out) => {
          this.closeOpen(out);
          return this.nextIndex++;
        },
      },
    );
  }

  /** Whether the stream is over (no more parts will come; stop reading events). */
  get done(): boolean {
    return this.ended;
  }

  /** Feeds one SSE event; returns the parts it completes. */
  push(event: SseEvent): IrStreamPart[] {
    if (this.ended) return [];
    const template = this.contentTemplate;
    if (template !== undefined && event.event !== 'error') {
      const content = template.read(event.data);
      if (content !== undefined) return this.content([], content);
    }
    const data = event.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') return this.end(true);
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (event.event === 'error') return this.fail(data);
      this.warner.warn('malformed-chunk', 'Stream events that were not JSON were skipped.');
      return [];
    }
    const hasError = typeof json === 'object' && json !== null && (json as { error?: unknown }).error != null;
    if (event.event === 'error' || hasError) {
      return this.fail(data);
    }
    const plain = plainChunkOf(json);
    if (plain !== undefined) {
      const out = this.chunk(plain);
      if (this.contentTemplate === undefined && !this.sawFinish) this.learnContentTemplate(data, plain);
      const live = this.tools.livePosition;
      if (live !== undefined && this.argumentsTemplate?.position !== live && !this.sawFinish)
        this.learnArgumentsTemplate(data, plain, live);
      return out;
    }
    const parsed = openAIChatChunkSchema.safeParse(json);
    if (!parsed.success) {
      this.warner.warn('malformed-chunk', 'Stream chunks that were not chat completion chunks were skipped.');
      return [];
    }
    return this.chunk(parsed.data);
  }

  /**
   * The delta fast lane: a chunk matching the content template, framed as a `data:` event, while
   * the text block is open and the think-tag splitter passes text through — exactly the chunks
   * `push` turns into one `text-delta` of that block and nothing else; or a chunk matching the
   * arguments template while its call is live and no text block is open — the chunks `push` turns
   * into one `tool-input-delta` (the piece is appended to the call's arguments here, as `push`
   * would).
   */
  readDelta(text: string, start = 0, end = text.length): IrDeltaLiteral | undefined {
    if (this.ended) return undefined;
    const open = this.open;
    const framed = this.framedContentTemplate;
    if (framed !== undefined && open?.type === 'text' && this.splitter.passesThrough) {
      const json = framed.readLiteral(text, start, end);
      return json === undefined || json === '""'
        ? undefined
        : { kind: 'text-delta', index: open.index, json };
    }
    const piece = this.argumentsTemplate;
    if (piece === undefined || open !== undefined || this.sawFinish) return undefined;
    const json = piece.framed.readLiteral(text, start, end);
    if (json === undefined || json === '""') return undefined;
    const index = this.tools.appendLive(piece.position, literalValue(json));
    return index === undefined ? undefined : { kind: 'tool-input-delta', index, json };
  }

  /** The events ended (or `[DONE]` came): the closing parts. */
  end(sawDone = false): IrStreamPart[] {
    if (this.ended) return [];
    this.ended = true;
    if (!this.started) {
      return [this.errorPart(`Upstream '${this.exchange.providerId}' ended the stream without answering.`)];
    }
    const out = this.finishContent();
    if (!this.sawFinish && !sawDone) {
      out.push(this.errorPart(`Upstream '${this.exchange.providerId}' ended the stream before it finished.`));
      return out;
    }
    const finishReason = decodeFinishReason(this.finishReason, {
      hasToolCalls: this.tools.emittedCalls > 0,
      matchedStop: this.matchedStop,
      refused: this.refused,
    });
    out.push({
      type: 'finish',
      finishReason,
      ...(finishReason === 'stop-sequence' ? { stopSequence: this.matchedStop } : {}),
      usage: this.usage ?? EMPTY_IR_USAGE,
    });
    return out;
  }

  private chunk(chunk: OpenAIChatChunk): IrStreamPart[] {
    const out: IrStreamPart[] = [];
    if (!this.started) {
      this.started = true;
      this.responseId = chunk.id ?? `chatcmpl-${randomUUID()}`;
      out.push({ type: 'response-start', id: this.responseId, model: chunk.model ?? this.exchange.model });
    }
    const choices = chunk.choices ?? [];
    if (choices.some((choice) => (choice.index ?? 0) !== 0)) {
      this.warner.warn('dropped-block', 'Choices after the first were ignored.', 'choices');
    }
    const choice = choices.find((candidate) => (candidate.index ?? 0) === 0);
    if (choice !== undefined && !this.sawFinish) {
      const delta = choice.delta;
      if (delta != null) {
        const reasoning = delta.reasoning_content || delta.reasoning;
        if (reasoning) this.append(out, 'reasoning', reasoning);
        if (delta.content) this.content(out, delta.content);
        if (delta.refusal) {
          this.refused = true;
          this.append(out, 'text', delta.refusal);
        }
        if (delta.tool_calls != null && delta.tool_calls.length > 0) {
          this.closeOpen(out);
          this.tools.add(delta.tool_calls, this.responseId, out);
        }
      }
      if (choice.usage != null) this.updateUsage(out, choice.usage);
      if (choice.finish_reason) {
        this.sawFinish = true;
        this.contentTemplate = undefined;
        this.framedContentTemplate = undefined;
        this.argumentsTemplate = undefined;
        this.finishReason = choice.finish_reason;
        if (typeof choice.stop_reason === 'string') this.matchedStop = choice.stop_reason;
        out.push(...this.finishContent());
      }
    }
    if (chunk.usage != null) this.updateUsage(out, chunk.usage);
    return out;
  }

  /** Appends the parts of a chunk's `delta.content` (think tags split off) to `out`; returns `out`. */
  private content(out: IrStreamPart[], text: string): IrStreamPart[] {
    if (text === '') return out;
    for (const segment of this.splitter.push(text)) this.append(out, segment.kind, segment.text);
    return out;
  }

  /**
   * Learns the content template from a chunk that did nothing but add `delta.content`: one choice
   * (index 0), no finish reason, no usage, no reasoning, refusal or tool calls. A later chunk equal
   * to it outside the content string does exactly that too (`content`).
   */
  private learnContentTemplate(data: string, chunk: OpenAIChatChunk): void {
    const delta = soleDeltaOf(chunk);
    if (delta == null || typeof delta.content !== 'string' || delta.content === '') return;
    if (delta.reasoning_content || delta.reasoning || delta.refusal || (delta.tool_calls?.length ?? 0) > 0)
      return;
    this.contentTemplate = StringSlotTemplate.learn(data, 'content', delta.content);
    this.framedContentTemplate = this.contentTemplate?.framed('data: ', '\n\n');
  }

  /**
   * Learns the arguments template from a chunk that did nothing but add a piece of arguments to
   * the live call at `live`: one choice (index 0), no finish reason, no usage, no text of any kind,
   * one tool-call fragment with that explicit `index`, no id, no name and a non-empty `arguments`
   * string. A later chunk equal to it outside that string does exactly that too (`appendLive`).
   */
  private learnArgumentsTemplate(data: string, chunk: OpenAIChatChunk, live: number): void {
    const delta = soleDeltaOf(chunk);
    if (delta == null || delta.content || delta.reasoning_content || delta.reasoning || delta.refusal) return;
    const fragment = delta.tool_calls?.length === 1 ? delta.tool_calls[0] : undefined;
    const piece = fragment?.function?.arguments;
    if (fragment?.index !== live || fragment.id || fragment.function?.name) return;
    if (typeof piece !== 'string' || piece === '') return;
    const template = StringSlotTemplate.learn(data, 'arguments', piece);
    if (template !== undefined)
      this.argumentsTemplate = { position: live, framed: template.framed('data: ', '\n\n') };
  }

  /** Flushes held-back content, closes the open block or live call, emits the buffered tool calls. */
  private finishContent(): IrStreamPart[] {
    const out: IrStreamPart[] = [];
    for (const segment of this.splitter.flush()) this.append(out, segment.kind, segment.text);
    this.closeOpen(out);
    this.tools.endLive(out);
    for (const call of this.tools.drain(this.responseId)) {
      if (call.kind === 'text') {
        this.append(out, 'text', call.text);
        this.closeOpen(out);
        continue;
      }
      const index = this.nextIndex++;
      out.push(
        { type: 'tool-input-start', index, id: call.id, name: call.name },
        { type: 'tool-input-delta', index, json: call.json },
        { type: 'tool-input-end', index },
      );
    }
    return out;
  }

  private append(out: IrStreamPart[], type: 'text' | 'reasoning', text: string): void {
    if (text === '') return;
    if (this.open?.type !== type) {
      this.tools.endLive(out);
      this.closeOpen(out);
      this.open = { type, index: this.nextIndex++ };
      out.push({ type: type === 'text' ? 'text-start' : 'reasoning-start', index: this.open.index });
    }
    const index = this.open.index;
    out.push(
      type === 'text' ? { type: 'text-delta', index, text } : { type: 'reasoning-delta', index, text },
    );
  }

  private closeOpen(out: IrStreamPart[]): void {
    if (this.open === undefined) return;
    out.push({ type: this.open.type === 'text' ? 'text-end' : 'reasoning-end', index: this.open.index });
    this.open = undefined;
  }

  private updateUsage(out: IrStreamPart[], wire: Parameters<typeof decodeOpenAIChatUsage>[0]): void {
    const usage = decodeOpenAIChatUsage(wire);
    const key = JSON.stringify(usage);
    if (key === this.lastUsageKey) return;
    this.lastUsageKey = key;
    this.usage = usage;
    out.push({ type: 'usage', usage });
  }

  private fail(data: string): IrStreamPart[] {
    this.ended = true;
    return [{ type: 'error', error: decodeMidStreamError(this.exchange.providerId, data) }];
  }

  private errorPart(message: string): IrStreamPart {
    return { type: 'error', error: new GatewayError('upstream_error', 502, message) };
  }
}

/**
 * The delta of a chunk that has one choice (index 0) and does nothing else: no usage (on the chunk
 * or the choice), no finish reason. What a template is learned from.
 */
function soleDeltaOf(chunk: OpenAIChatChunk): NonNullable<OpenAIChatChunk['choices']>[number]['delta'] {
  if (chunk.usage != null || chunk.choices?.length !== 1) return undefined;
  const [choice] = chunk.choices;
  if (choice === undefined || (choice.index ?? 0) !== 0 || choice.usage != null || choice.finish_reason)
    return undefined;
  return choice.delta;
}

type JsonRecord = Readonly<Record<string, unknown>>;

/** The string fields of `openAIChatDeltaSchema`. */
const DELTA_TEXT_FIELDS = ['role', 'content', 'reasoning_content', 'reasoning', 'refusal'] as const;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `undefined`, `null` or of the `typeof` given: what a `.nullish()` field of that type accepts as is. */
function isNullishOr(value: unknown, type: 'string' | 'number'): boolean {
  return value === undefined || value === null || typeof value === type;
}

/**
 * The hot path of `push`: a chunk whose every field the decoder reads already has the type
 * `openAIChatChunkSchema` gives it (numeric usage counts, string deltas, string tool arguments) is
 * used as parsed, without running the schema — on such input the schema's output has the same
 * values. Anything else (usage counts that are not numbers, fields of another type, arguments sent
 * as objects) returns `undefined` and goes through the schema, so what is accepted, repaired or
 * rejected is unchanged.
 * @param json one event's parsed data
 */
function plainChunkOf(json: unknown): OpenAIChatChunk | undefined {
  if (!isRecord(json) || !isPlainUsage(json.usage)) return undefined;
  if (!isNullishOr(json.id, 'string') || !isNullishOr(json.model, 'string')) return undefined;
  const { choices } = json;
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices as unknown[]) if (!isPlainChoice(choice)) return undefined;
  return json as OpenAIChatChunk;
}

/** The count fields of `openAIChatUsageSchema` (each `number`, nullish). */
const USAGE_COUNT_FIELDS = [
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'prompt_cache_hit_tokens',
  'cached_tokens',
] as const;

/**
 * A `usage` value the schema would give back with the same values: absent, `null`, or an object
 * whose counts are numbers (or nullish) and whose details objects (nullish, or objects with such
 * counts) need no repair.
 */
function isPlainUsage(usage: unknown): boolean {
  if (usage === undefined || usage === null) return true;
  if (!isRecord(usage)) return false;
  for (const field of USAGE_COUNT_FIELDS) if (!isNullishOr(usage[field], 'number')) return false;
  const prompt = usage.prompt_tokens_details;
  if (prompt !== undefined && prompt !== null) {
    if (!isRecord(prompt) || !isNullishOr(prompt.cached_tokens, 'number')) return false;
    if (!isNullishOr(prompt.cache_write_tokens, 'number')) return false;
  }
  const completion = usage.completion_tokens_details;
  return (
    completion === undefined ||
    completion === null ||
    (isRecord(completion) && isNullishOr(completion.reasoning_tokens, 'number'))
  );
}

function isPlainChoice(choice: unknown): boolean {
  if (!isRecord(choice) || !isPlainUsage(choice.usage)) return false;
  if (!isNullishOr(choice.index, 'number') || !isNullishOr(choice.finish_reason, 'string')) return false;
  const stop = choice.stop_reason;
  if (!isNullishOr(stop, 'string') && typeof stop !== 'number') return false;
  const { delta } = choice;
  if (delta === undefined || delta === null) return true;
  if (!isRecord(delta)) return false;
  for (const field of DELTA_TEXT_FIELDS) if (!isNullishOr(delta[field], 'string')) return false;
  const calls = delta.tool_calls;
  if (calls === undefined || calls === null) return true;
  if (!Array.isArray(calls)) return false;
  for (const call of calls as unknown[]) if (!isPlainToolCall(call)) return false;
  return true;
}

function isPlainToolCall(call: unknown): boolean {
  if (!isRecord(call)) return false;
  const { index } = call;
  if (index !== undefined && index !== null && !(Number.isSafeInteger(index) && (index as number) >= 0))
    return false;
  if (!isNullishOr(call.id, 'string') || !isNullishOr(call.type, 'string')) return false;
  const called = call.function;
  if (called === undefined || called === null) return true;
  return isRecord(called) && isNullishOr(called.name, 'string') && isNullishOr(called.arguments, 'string');
}
