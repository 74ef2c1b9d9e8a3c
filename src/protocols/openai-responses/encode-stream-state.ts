import { GatewayError } from '../../errors/gateway-error.js';
import type { IrSignature } from '../../ir/part.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE, type IrUsage } from '../../ir/usage.js';
import type { ClientExchange } from '../protocol.js';
import type { IrStreamEncoder } from '../stream-codec.js';
import { encodeResponsesFailure } from './encode-error.js';
import type { ResponsesOutputItemBody, ResponsesResponseBody } from './encode-response-body.js';
import {
  encodeResponseBody,
  functionCallItem,
  messageItem,
  outputItemId,
  outputTextPart,
  reasoningItem,
  redactedReasoningItem,
  responsesId,
} from './encode-response-body.js';
import { encodeResponsesFinishReason } from './map-finish-reason.js';
import { encodeOpenAIResponsesUsage } from './map-usage.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** What a keep-alive becomes: an SSE comment, which SSE parsers (openai-node's included) skip. */
export const KEEP_ALIVE_EVENT = ': keep-alive\n\n';

/** The output item under way. */
interface OpenItem {
  readonly kind: 'text' | 'reasoning' | 'tool';
  readonly id: string;
  readonly outputIndex: number;
  /** Text, summary text or arguments so far. */
  text: string;
  /** Reasoning: the summary part was announced. */
  summaryOpen: boolean;
  signature: IrSignature | undefined;
  readonly callId: string;
  readonly name: string;
}

/**
 * The state machine of one client stream: IR stream parts → Responses SSE events
 * (`event: <type>\ndata: <json>\n\n`), each with `sequence_number` from 0, in the reference's order:
 *
 * | IR part                    | events                                                         |
 * |----------------------------|----------------------------------------------------------------|
 * | `response-start`           | `response.created`, `response.in_progress` (`status: "in_progress"`, `output: []`) |
 * | `text-start`               | `response.output_item.added` (`message`, `msg_…`), `response.content_part.added` (`output_text`) |
 * | `text-delta`               | `response.output_text.delta`                                   |
 * | `text-end`                 | `response.output_text.done`, `response.content_part.done`, `response.output_item.done` (the whole item) |
 * | `reasoning-start`          | `response.output_item.added` (`reasoning`, `rs_…`, `summary: []`) |
 * | `reasoning-delta`          | (`response.reasoning_summary_part.added` first,) `response.reasoning_summary_text.delta` |
 * | `reasoning-signature`      | kept for the item's `encrypted_content`                        |
 * | `reasoning-end`            | `response.reasoning_summary_text.done`, `response.reasoning_summary_part.done` (when a summary came), `response.output_item.done` |
 * | `redacted-reasoning`       | `response.output_item.added` + `.done` (`encrypted_content` `sbr1.…`) |
 * | `tool-input-start`         | `response.output_item.added` (`function_call`, `fc_…`, `call_id` = the IR id) |
 * | `tool-input-delta`         | `response.function_call_arguments.delta`                       |
 * | `tool-input-end`           | `response.function_call_arguments.done`, `response.output_item.done` |
 * | `opaque-block` (`openai-responses`) | `response.output_item.added` + `.done`, the item verbatim |
 * | `finish`                   | `response.completed`, or `response.incomplete` for max-tokens / refusal (`incomplete_details`), with the whole output and usage |
 * | `error`                    | `response.failed` (`response.error: {code, message}`)          |
 * | `keep-alive`               | an SSE comment                                                 |
 * | `usage`, other opaque blocks | nothing                                                      |
 *
 * A reasoning item keeps the `rs_…` id it was announced with (the signature comes at its end), so
 * signatures always travel tagged in `encrypted_content` (`map-reasoning-item.ts`).
 * Source: OpenAI API reference, "Streaming events"; openai-node `ResponseStream` /
 * `accumulateResponse` (what a client rebuilds from the events).
 */
export class ResponsesEventEncoder implements IrStreamEncoder {
  private sequence = 0;
  private id = 'resp_unknown';
  private model: string;
  private readonly createdAt: number;
  private started = false;
  private readonly output: ResponsesOutputItemBody[] = [];
  private open: OpenItem | undefined;
  private usage: Partial<IrUsage> = {};
  /** Set once `finish` or `error` was written. */
  ended = false;

  /** @param createdAt Unix time, seconds */
  constructor(client: ClientExchange, createdAt: number) {
    this.model = client.requestedModel;
    this.createdAt = createdAt;
  }

  /** The events one IR part makes (`''` for none). */
  push(part: IrStreamPart): string {
    if (this.ended) return '';
    if (part.type === 'keep-alive') return KEEP_ALIVE_EVENT;
    if (part.type === 'response-start') return this.start(part.id, part.model);
    if (part.type === 'error') return this.fail(part.error);
    return this.start(undefined, undefined) + this.write(part);
  }

  private write(part: Exclude<IrStreamPart, { type: 'keep-alive' | 'response-start' | 'error' }>): string {
    const open = this.open;
    switch (part.type) {
      case 'text-start':
        return (
          this.begin('text', 'msg', {
            type: 'message',
            status: 'in_progress',
            role: 'assistant',
            content: [],
          }) + this.contentEvent('response.content_part.added', { part: outputTextPart('') })
        );
      case 'text-delta':
        if (open?.kind !== 'text') return '';
        return this.delta('response.output_text.delta', part.text, { content_index: 0, logprobs: [] });
      case 'reasoning-start':
        return this.begin('reasoning', 'rs', { type: 'reasoning', summary: [] });
      case 'reasoning-delta': {
        if (open?.kind !== 'reasoning' || part.text === '') return '';
        const added = open.summaryOpen
          ? ''
          : this.summaryEvent('response.reasoning_summary_part.added', {
              part: { type: 'summary_text', text: '' },
            });
        open.summaryOpen = true;
        return added + this.delta('response.reasoning_summary_text.delta', part.text, { summary_index: 0 });
      }
      case 'reasoning-signature':
        if (open?.kind === 'reasoning') open.signature = part.signature;
        return '';
      case 'tool-input-start': {
        const fields = { type: 'function_call', status: 'in_progress', arguments: '' };
        return this.begin('tool', 'fc', fields, part.id, part.name);
      }
      case 'tool-input-delta':
        return open?.kind === 'tool'
          ? this.delta('response.function_call_arguments.delta', part.json, {})
          : '';
      case 'text-end':
      case 'reasoning-end':
      case 'tool-input-end':
        return this.finishItem();
      case 'redacted-reasoning': {
        const id = outputItemId('rs', this.id, this.output.length);
        return this.whole(redactedReasoningItem(id, part.provider, part.data));
      }
      case 'opaque-block':
        if (part.format !== OPENAI_RESPONSES_FORMAT || typeof part.value.type !== 'string') return '';
        return this.whole({ ...part.value });
      case 'usage':
        this.usage = { ...this.usage, ...part.usage };
        return '';
      case 'finish':
        return this.complete(part.finishReason, part.usage);
      default: {
        const unknown: never = part;
        throw new Error(`Unknown stream part ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The parts ran out before `finish` or `error`: a `response.failed` event ('' once ended). */
  end(): string {
    return this.fail(
      new GatewayError('upstream_error', 502, 'The upstream stream ended before it finished.'),
    );
  }

  /** A `response.failed` event (the stream ends). */
  fail(error: GatewayError): string {
    if (this.ended) return '';
    const text = this.started ? '' : this.start(undefined, undefined);
    this.ended = true;
    return (
      text +
      this.event('response.failed', {
        response: this.body('failed', { error: encodeResponsesFailure(error), usage: undefined }),
      })
    );
  }

  private start(id: string | undefined, model: string | undefined): string {
    if (this.started) return '';
    this.started = true;
    if (id !== undefined) this.id = responsesId(id);
    if (model !== undefined) this.model = model;
    const response = this.body('in_progress', { usage: undefined });
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private begin(
    kind: OpenItem['kind'],
    prefix: 'msg' | 'rs' | 'fc',
    fields: Record<string, unknown>,
    callId = '',
    name = '',
  ): string {
    const text = this.open === undefined ? '' : this.finishItem();
    const outputIndex = this.output.length;
    const id = outputItemId(prefix, this.id, outputIndex);
    this.open = { kind, id, outputIndex, text: '', summaryOpen: false, signature: undefined, callId, name };
    const item = kind === 'tool' ? { id, ...fields, call_id: callId, name } : { id, ...fields };
    return text + this.event('response.output_item.added', { output_index: outputIndex, item });
  }

  private finishItem(): string {
    const open = this.open;
    if (open === undefined) return '';
    let text = '';
    let item: ResponsesOutputItemBody;
    if (open.kind === 'text') {
      text += this.contentEvent('response.output_text.done', { text: open.text, logprobs: [] });
      text += this.contentEvent('response.content_part.done', { part: outputTextPart(open.text) });
      item = messageItem(open.id, [open.text], 'completed');
    } else if (open.kind === 'reasoning') {
      if (open.summaryOpen) {
        text += this.summaryEvent('response.reasoning_summary_text.done', { text: open.text });
        text += this.summaryEvent('response.reasoning_summary_part.done', {
          part: { type: 'summary_text', text: open.text },
        });
      }
      item = reasoningItem(open.id, open.text, open.signature, false);
    } else {
      const args = open.text === '' ? '{}' : open.text;
      text += this.itemEvent('response.function_call_arguments.done', { arguments: args, name: open.name });
      item = functionCallItem(
        open.id,
        { callId: open.callId, name: open.name, arguments: args },
        'completed',
      );
    }
    this.open = undefined;
    this.output.push(item);
    return text + this.event('response.output_item.done', { output_index: open.outputIndex, item });
  }

  /** An item that arrives whole: `output_item.added` and `.done` at once. */
  private whole(item: ResponsesOutputItemBody): string {
    const text = this.finishItem();
    const outputIndex = this.output.length;
    this.output.push(item);
    return (
      text +
      this.event('response.output_item.added', { output_index: outputIndex, item }) +
      this.event('response.output_item.done', { output_index: outputIndex, item })
    );
  }

  private complete(finishReason: Parameters<typeof encodeResponsesFinishReason>[0], usage: IrUsage): string {
    const text = this.finishItem();
    this.ended = true;
    const ending = encodeResponsesFinishReason(finishReason);
    const response = this.body(ending.status, {
      incompleteDetails: ending.incomplete_details,
      usage: encodeOpenAIResponsesUsage({ ...EMPTY_IR_USAGE, ...this.usage, ...usage }),
    });
    return (
      text +
      this.event(ending.status === 'completed' ? 'response.completed' : 'response.incomplete', { response })
    );
  }

  private body(
    status: ResponsesResponseBody['status'],
    fields: Pick<Parameters<typeof encodeResponseBody>[0], 'usage' | 'error' | 'incompleteDetails'>,
  ): ResponsesResponseBody {
    return encodeResponseBody({
      id: this.id,
      model: this.model,
      createdAt: this.createdAt,
      status,
      output: this.output,
      ...fields,
    });
  }

  private delta(type: string, delta: string, fields: Record<string, unknown>): string {
    const open = this.open;
    if (open === undefined || delta === '') return '';
    open.text += delta;
    return this.itemEvent(type, { ...fields, delta });
  }

  private itemEvent(type: string, fields: Record<string, unknown>): string {
    const open = this.open;
    return open === undefined
      ? ''
      : this.event(type, { item_id: open.id, output_index: open.outputIndex, ...fields });
  }

  private contentEvent(type: string, fields: Record<string, unknown>): string {
    return this.itemEvent(type, { content_index: 0, ...fields });
  }

  private summaryEvent(type: string, fields: Record<string, unknown>): string {
    return this.itemEvent(type, { summary_index: 0, ...fields });
  }

  private event(type: string, fields: Record<string, unknown>): string {
    const data = { type, ...fields, sequence_number: this.sequence++ };
    return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  }
}
