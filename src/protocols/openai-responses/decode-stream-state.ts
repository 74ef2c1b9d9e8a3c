import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE } from '../../ir/usage.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import { argumentsText, clientToolName } from '../openai-chat/finalize-tool-call.js';
import { StreamWarner } from '../openai-chat/stream-warner.js';
import type { DecodeOptions, UpstreamExchange } from '../protocol.js';
import type { IrStreamDecoder } from '../stream-codec.js';
import { StreamBlocks } from './decode-stream-blocks.js';
import { decodeResponsesFailure } from './decode-upstream-failure.js';
import { decodeResponsesFinishReason } from './map-finish-reason.js';
import { reasoningPartOfOutputItem } from './map-reasoning-item.js';
import { decodeOpenAIResponsesUsage } from './map-usage.js';
import type {
  OpenAIResponsesOutputItem,
  OpenAIResponsesResponse,
  OpenAIResponsesStreamEvent,
} from './wire-upstream.js';
import {
  openAIResponsesOutputItemSchema,
  openAIResponsesResponseSchema,
  openAIResponsesStreamEventSchema,
} from './wire-upstream.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/**
 * The state machine of one upstream Responses stream → IR stream parts.
 *
 * States: before `response.created` → streaming (at most one IR block open: one output item, or
 * one content part of a message item; see `StreamBlocks`) → ended (`response.completed` /
 * `response.incomplete` → `finish`; `response.failed` / `error` → `error`; end of events →
 * `error`).
 *
 * | event                                         | IR                                            |
 * |-----------------------------------------------|-----------------------------------------------|
 * | `response.created` (or the first event)       | `response-start` (id, model)                  |
 * | `output_item.added` `function_call`           | `tool-input-start` (`call_id`, name mapped back) |
 * | `function_call_arguments.delta`               | `tool-input-delta`, live                      |
 * | `output_item.done` `function_call`            | `tool-input-end` (the arguments of `.done` / the item first, when none streamed) |
 * | `output_item.added` `reasoning`               | `reasoning-start`                             |
 * | `reasoning_summary_part.added` (2nd on)       | `reasoning-delta` of a blank line (summary parts are joined so) |
 * | `reasoning_summary_text.delta`, `reasoning_text.delta` | `reasoning-delta`                    |
 * | `output_item.done` `reasoning`                | `reasoning-signature` (packed `id` + `encrypted_content` of the done item), `reasoning-end` |
 * | `content_part.added` (`output_text`, `refusal`) | `text-start`                                |
 * | `output_text.delta`, `refusal.delta`          | `text-delta`                                  |
 * | `content_part.done`                           | `text-end`                                    |
 * | `output_item.done` of another type            | `opaque-block` of format `openai-responses`   |
 * | `response.completed` / `response.incomplete`  | `finish` (`map-finish-reason.ts`, usage `map-usage.ts`) |
 * | `response.failed`, `error`                    | `error` (`decode-upstream-failure.ts`)        |
 * | anything else (`in_progress`, hosted tool progress, annotations) | nothing                    |
 *
 * A `…done` event whose deltas never came (servers that send items only whole) gives its content
 * whole. The type is read from the JSON's `type`, else from the SSE `event:` field.
 * Source: OpenAI API reference, "Streaming events"; "Reasoning" guide (encrypted reasoning).
 */
export class OpenAIResponsesStreamState implements IrStreamDecoder {
  private readonly exchange: UpstreamExchange;
  private readonly warner: StreamWarner;
  private readonly blocks: StreamBlocks;
  private started = false;
  private ended = false;
  private responseId = '';
  /** Whether any text of the message item under way was passed on (`undefined`: no message open). */
  private messageSeen: boolean | undefined;
  private refused = false;

  constructor(exchange: UpstreamExchange, options: DecodeOptions = {}) {
    this.exchange = exchange;
    this.warner = new StreamWarner(options.onWarning);
    this.blocks = new StreamBlocks(exchange, (code, message, kind) => this.warner.warn(code, message, kind));
  }

  /** Whether the stream is over (no more parts will come; stop reading events). */
  get done(): boolean {
    return this.ended;
  }

  /** Feeds one SSE event; returns the parts it completes. */
  push(event: SseEvent): IrStreamPart[] {
    if (this.ended) return [];
    const data = event.data.trim();
    if (data === '' || data === '[DONE]') return [];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      if (event.event === 'error') return this.fail({ message: data });
      this.warner.warn('malformed-event', 'Stream events that were not JSON were skipped.');
      return [];
    }
    const typed =
      typeof json === 'object' && json !== null && !('type' in json) && event.event !== undefined
        ? { ...json, type: event.event }
        : json;
    const parsed = openAIResponsesStreamEventSchema.safeParse(typed);
    if (!parsed.success) {
      this.warner.warn('malformed-event', 'Stream events without a type were skipped.');
      return [];
    }
    return this.handle(parsed.data);
  }

  /** The events ended: the closing parts (an error, since no terminal event came). */
  end(): IrStreamPart[] {
    if (this.ended) return [];
    this.ended = true;
    const why = this.started ? 'ended the stream before it finished' : 'ended the stream without answering';
    const message = `Upstream '${this.exchange.providerId}' ${why}.`;
    return [{ type: 'error', error: new GatewayError('upstream_error', 502, message) }];
  }

  private handle(event: OpenAIResponsesStreamEvent): IrStreamPart[] {
    if (event.type === 'error') return this.fail(event);
    const parsed =
      event.response === undefined ? undefined : openAIResponsesResponseSchema.safeParse(event.response);
    const response = parsed?.success === true ? parsed.data : undefined;
    if (event.type === 'response.failed') return this.fail(response?.error ?? undefined);
    const out: IrStreamPart[] = [];
    if (!this.started) this.start(response, out);
    const blocks = this.blocks;
    switch (event.type) {
      case 'response.output_item.added':
        this.itemAdded(event, out);
        break;
      case 'response.content_part.added':
        if (event.part?.type === 'output_text' || event.part?.type === 'refusal') {
          if (event.part.type === 'refusal') this.refused = true;
          this.messageSeen = true;
          blocks.openText(event, out);
        }
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        if (event.type === 'response.refusal.delta') this.refused = true;
        this.messageSeen = true;
        blocks.textDelta(event, deltaOf(event), out);
        break;
      case 'response.output_text.done':
      case 'response.refusal.done':
        if (blocks.current('text', event)?.seen !== true)
          blocks.textDelta(event, event.text ?? event.refusal ?? '', out);
        break;
      case 'response.content_part.done':
        if (blocks.current('text', event) !== undefined) blocks.close(out);
        break;
      case 'response.reasoning_summary_part.added':
        blocks.summaryPart(event, out);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        blocks.reasoningDelta(event, deltaOf(event), out);
        break;
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_text.done':
        if (blocks.current('reasoning', event)?.partSeen === false)
          blocks.reasoningDelta(event, event.text ?? '', out);
        break;
      case 'response.function_call_arguments.delta':
        blocks.argumentsDelta(event, deltaOf(event), out);
        break;
      case 'response.function_call_arguments.done':
        if (blocks.current('tool', event)?.seen === false)
          blocks.argumentsDelta(event, event.arguments ?? '', out);
        break;
      case 'response.output_item.done':
        this.itemDone(event, out);
        break;
      case 'response.completed':
      case 'response.incomplete':
        this.finish(event.type, response, out);
        break;
      default:
        break;
    }
    return out;
  }

  private start(response: OpenAIResponsesResponse | undefined, out: IrStreamPart[]): void {
    this.started = true;
    this.responseId = response?.id ?? `resp_${randomUUID().replaceAll('-', '')}`;
    out.push({ type: 'response-start', id: this.responseId, model: response?.model ?? this.exchange.model });
  }

  private itemAdded(event: OpenAIResponsesStreamEvent, out: IrStreamPart[]): void {
    const item = outputItemOf(event.item);
    this.blocks.close(out);
    if (item?.type === 'message') this.messageSeen = false;
    else if (item?.type === 'reasoning') {
      out.push({ type: 'reasoning-start', index: this.blocks.begin('reasoning', event, out).index });
    } else if (item?.type === 'function_call' && item.name) {
      const open = this.blocks.begin('tool', event, out);
      this.blocks.toolCalls += 1;
      out.push({
        type: 'tool-input-start',
        index: open.index,
        id: item.call_id ?? `call_${this.responseId}_${String(event.output_index ?? open.index)}`,
        name: clientToolName(item.name, this.exchange),
      });
      this.blocks.argumentsDelta(event, argumentsText(item.arguments), out);
    }
  }

  private itemDone(event: OpenAIResponsesStreamEvent, out: IrStreamPart[]): void {
    const item = outputItemOf(event.item);
    const blocks = this.blocks;
    if (item === undefined) return;
    switch (item.type) {
      case 'message':
        blocks.close(out);
        if (this.messageSeen !== true) {
          for (const part of item.content ?? []) {
            if (part.type === 'refusal') this.refused = true;
            const text = part.type === 'refusal' ? part.refusal : part.text;
            if (typeof text === 'string' && text !== '') blocks.wholeText(text, out);
          }
        }
        this.messageSeen = undefined;
        return;
      case 'function_call': {
        const open = blocks.current('tool', event);
        if (open === undefined) {
          return blocks.wholeCall(item, event.output_index ?? 0, this.responseId, out);
        }
        if (!open.seen) blocks.argumentsDelta(event, argumentsText(item.arguments), out);
        return blocks.close(out);
      }
      case 'reasoning': {
        const whole = reasoningPartOfOutputItem(item, this.exchange.providerId);
        let open = blocks.current('reasoning', event);
        if (open === undefined) {
          open = blocks.begin('reasoning', event, out);
          out.push({ type: 'reasoning-start', index: open.index });
        }
        if (!open.seen && whole.text !== '')
          out.push({ type: 'reasoning-delta', index: open.index, text: whole.text });
        if (whole.signature)
          out.push({ type: 'reasoning-signature', index: open.index, signature: whole.signature });
        return blocks.close(out);
      }
      default:
        blocks.opaque(OPENAI_RESPONSES_FORMAT, event.item as Record<string, unknown>, out);
    }
  }

  private finish(
    type: 'response.completed' | 'response.incomplete',
    response: OpenAIResponsesResponse | undefined,
    out: IrStreamPart[],
  ): void {
    this.blocks.close(out);
    this.ended = true;
    const status = response?.status ?? (type === 'response.incomplete' ? 'incomplete' : 'completed');
    out.push({
      type: 'finish',
      finishReason: decodeResponsesFinishReason(status, response?.incomplete_details?.reason ?? undefined, {
        hasToolCalls: this.blocks.toolCalls > 0,
        refused: this.refused,
      }),
      usage: response?.usage == null ? EMPTY_IR_USAGE : decodeOpenAIResponsesUsage(response.usage),
    });
  }

  private fail(
    failure: { code?: string | number | null | undefined; message?: string | null | undefined } | undefined,
  ): IrStreamPart[] {
    this.ended = true;
    return [{ type: 'error', error: decodeResponsesFailure(failure, this.exchange, 'failed mid-stream') }];
  }
}

function outputItemOf(value: unknown): OpenAIResponsesOutputItem | undefined {
  const parsed = openAIResponsesOutputItemSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function deltaOf(event: OpenAIResponsesStreamEvent): string {
  return typeof event.delta === 'string' ? event.delta : '';
}
