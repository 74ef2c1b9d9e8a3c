import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../protocol.js';
import type { IrDeltaLiteral, IrStreamDecoder } from '../stream-codec.js';
import {
  decodeAnthropicStreamError,
  malformedStreamEventError,
  truncatedStreamError,
} from './decode-stream-error.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import { decodeAnthropicStopReason } from './map-finish-reason.js';
import { completeIrUsage, decodeAnthropicUsageCounts, mergeIrUsage } from './map-ir-usage.js';
import { decodeAnthropicSignature } from './map-signature.js';
import { sharedSlotTemplate } from '../json/shared-slot-template.js';
import { StringSlotTemplate } from '../json/string-slot-template.js';
import { mergeOpaqueDelta, finishOpaqueBlock, type OpaqueBlockState } from './merge-opaque-delta.js';

/**
 * A content block between its `content_block_start` and `content_block_stop`. Anthropic streams
 * one block at a time, so one is open at most; a start while one is open ends that one first.
 */
type OpenBlock =
  | { readonly kind: 'text' | 'reasoning' | 'tool' | 'redacted'; readonly index: number }
  | { readonly kind: 'opaque'; readonly index: number; readonly state: OpaqueBlockState };

/**
 * The state machine of one Anthropic SSE stream → IR stream parts. Feed it events in order with
 * `push`; when the events run out, `end` says whether the stream was complete. Not shared between
 * streams.
 *
 * message_start → `response-start` (with its usage); content_block_start / _delta / _stop → the
 * block's `*-start` / deltas / `*-end` (text, thinking with `signature_delta` as
 * `reasoning-signature`, tool_use, redacted_thinking as one `redacted-reasoning`); any other block
 * (`server_tool_use`, `web_search_tool_result`, newer ones) is accumulated from its start and
 * deltas and emitted as one `opaque-block` at its stop; ping → `keep-alive`; message_delta →
 * `usage` (when it has counts) and the stop reason; message_stop → `finish` with the final totals;
 * error → `error`. IR block indexes count blocks from 0 in start order. The event type is read
 * from the data's `type` (relays that leave out `event:` lines work too).
 * Source: Anthropic API reference, "Streaming Messages" (event types, flow, deltas, errors).
 */
export class AnthropicStreamDecoder implements IrStreamDecoder {
  /** Whether the stream reached its end (`message_stop` or an `error` event). */
  done = false;
  private current: { readonly wireIndex: number; readonly block: OpenBlock } | undefined;
  private nextIndex = 0;
  private usage: Partial<IrUsage> = {};
  private stopReason: unknown = undefined;
  private stopSequence: unknown = undefined;
  /**
   * The open text or thinking block's delta event as Anthropic writes it, with the string as the
   * slot: such events are read without parsing the whole event (most of a stream is these).
   */
  private deltaTemplate:
    | {
        readonly template: StringSlotTemplate;
        /** The same inside the SSE event as Anthropic frames it (`readDelta`). */
        readonly framed: StringSlotTemplate;
        readonly type: 'text-delta' | 'reasoning-delta';
        readonly index: number;
      }
    | undefined;

  /** @param exchange upstream facts: its provider id signs reasoning, its tool names map back */
  constructor(private readonly exchange: UpstreamExchange) {}

  /**
   * Decodes one SSE event. Events after the end, empty data, `[DONE]` and unknown event types
   * give nothing.
   * @returns the IR parts it produces, in order
   */
  push(event: SseEvent): IrStreamPart[] {
    const slot = this.deltaTemplate;
    if (slot !== undefined && !this.done) {
      const delta = slot.template.read(event.data);
      if (delta !== undefined) return [{ type: slot.type, index: slot.index, text: delta }];
    }
    const text = event.data.trim();
    if (this.done || text === '' || text === '[DONE]') return [];
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.done = true;
      return [{ type: 'error', error: malformedStreamEventError(this.exchange.providerId, event.event) }];
    }
    const fields: JsonObject = isJsonObject(data) ? data : {};
    const type = typeof fields.type === 'string' ? fields.type : event.event;
    switch (type) {
      case 'message_start':
        return this.messageStart(fields.message);
      case 'content_block_start':
        return this.blockStart(fields.index, fields.content_block);
      case 'content_block_delta':
        return this.blockDelta(fields.index, fields.delta);
      case 'content_block_stop':
        return this.blockStop(fields.index);
      case 'message_delta':
        return this.messageDelta(fields.delta, fields.usage);
      case 'message_stop':
        return this.messageStop();
      case 'ping':
        return [{ type: 'keep-alive' }];
      case 'error':
        this.done = true;
        return [{ type: 'error', error: decodeAnthropicStreamError(fields, this.exchange.providerId) }];
      default:
        return [];
    }
  }

  /**
   * The delta fast lane: a text or thinking delta of the open block, framed as Anthropic frames it
   * (`event: content_block_delta` then its `data:` line), as its literal.
   */
  readDelta(text: string, start = 0, end = text.length): IrDeltaLiteral | undefined {
    const slot = this.deltaTemplate;
    if (slot === undefined || this.done) return undefined;
    const json = slot.framed.readLiteral(text, start, end);
    return json === undefined ? undefined : { kind: slot.type, index: slot.index, json };
  }

  /** The parts owed when the events run out: an `error` unless the stream reached its end. */
  end(): IrStreamPart[] {
    if (this.done) return [];
    this.done = true;
    return [{ type: 'error', error: truncatedStreamError(this.exchange.providerId) }];
  }

  private messageStart(message: unknown): IrStreamPart[] {
    const fields: JsonObject = isJsonObject(message) ? message : {};
    const usage = decodeAnthropicUsageCounts(fields.usage);
    this.usage = mergeIrUsage(this.usage, usage);
    return [
      {
        type: 'response-start',
        id: typeof fields.id === 'string' ? fields.id : '',
        model: typeof fields.model === 'string' ? fields.model : this.exchange.model,
        ...(Object.keys(usage).length > 0 ? { usage } : {}),
      },
    ];
  }

  private blockStart(wireIndex: unknown, contentBlock: unknown): IrStreamPart[] {
    const parts = this.closeCurrent();
    if (typeof wireIndex !== 'number' || !isJsonObject(contentBlock)) return parts;
    const index = this.nextIndex++;
    const block = this.openBlock(index, contentBlock, parts);
    this.current = { wireIndex, block };
    if (block.kind === 'text' || block.kind === 'reasoning') {
      const text = block.kind === 'text';
      const delta = text ? '"type":"text_delta","text"' : '"type":"thinking_delta","thinking"';
      const head = `{"type":"content_block_delta","index":${JSON.stringify(wireIndex)},"delta":{${delta}:`;
      this.deltaTemplate = {
        template: new StringSlotTemplate(head, '}}'),
        // Nothing in it is particular to this answer: one pattern for every stream.
        framed: sharedSlotTemplate(`event: content_block_delta\ndata: ${head}`, '}}\n\n'),
        type: text ? 'text-delta' : 'reasoning-delta',
        index,
      };
    }
    return parts;
  }

  /** Opens a block, appending its start parts to `parts`. */
  private openBlock(index: number, block: JsonObject, parts: IrStreamPart[]): OpenBlock {
    const { type } = block;
    if (type === 'text' && typeof block.text === 'string') {
      parts.push({ type: 'text-start', index });
      if (block.text !== '') parts.push({ type: 'text-delta', index, text: block.text });
      return { kind: 'text', index };
    }
    if (type === 'thinking' && typeof block.thinking === 'string') {
      parts.push({ type: 'reasoning-start', index });
      if (block.thinking !== '') parts.push({ type: 'reasoning-delta', index, text: block.thinking });
      if (typeof block.signature === 'string' && block.signature !== '') {
        parts.push({ type: 'reasoning-signature', index, signature: this.signature(block.signature) });
      }
      return { kind: 'reasoning', index };
    }
    if (type === 'redacted_thinking' && typeof block.data === 'string') {
      const { provider, value } = this.signature(block.data);
      parts.push({ type: 'redacted-reasoning', index, data: value, provider });
      return { kind: 'redacted', index };
    }
    if (type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      const name = this.exchange.toolNames.get(block.name) ?? block.name;
      parts.push({ type: 'tool-input-start', index, id: block.id, name });
      const { input } = block;
      if (input !== undefined && !(isJsonObject(input) && Object.keys(input).length === 0)) {
        parts.push({ type: 'tool-input-delta', index, json: JSON.stringify(input) });
      }
      return { kind: 'tool', index };
    }
    return { kind: 'opaque', index, state: { value: { ...block }, json: undefined } };
  }

  private blockDelta(wireIndex: unknown, delta: unknown): IrStreamPart[] {
    const current = this.current;
    if (current === undefined || current.wireIndex !== wireIndex || !isJsonObject(delta)) return [];
    const { block } = current;
    const { index } = block;
    switch (block.kind) {
      case 'text':
        // A `citations_delta` has no IR stream part; the text itself is never lost.
        return delta.type === 'text_delta' && typeof delta.text === 'string'
          ? [{ type: 'text-delta', index, text: delta.text }]
          : [];
      case 'reasoning':
        if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') {
          return [{ type: 'reasoning-delta', index, text: delta.thinking }];
        }
        if (delta.type === 'signature_delta' && typeof delta.signature === 'string') {
          return [{ type: 'reasoning-signature', index, signature: this.signature(delta.signature) }];
        }
        return [];
      case 'tool':
        return delta.type === 'input_json_delta' && typeof delta.partial_json === 'string'
          ? [{ type: 'tool-input-delta', index, json: delta.partial_json }]
          : [];
      case 'opaque':
        mergeOpaqueDelta(block.state, delta);
        return [];
      case 'redacted':
        return [];
      default: {
        const unreachable: never = block;
        return unreachable;
      }
    }
  }

  private blockStop(wireIndex: unknown): IrStreamPart[] {
    if (this.current === undefined || this.current.wireIndex !== wireIndex) return [];
    return this.closeCurrent();
  }

  /** Ends the open block, if any. */
  private closeCurrent(): IrStreamPart[] {
    const current = this.current;
    if (current === undefined) return [];
    this.current = undefined;
    this.deltaTemplate = undefined;
    const { block } = current;
    const { index } = block;
    switch (block.kind) {
      case 'text':
        return [{ type: 'text-end', index }];
      case 'reasoning':
        return [{ type: 'reasoning-end', index }];
      case 'tool':
        return [{ type: 'tool-input-end', index }];
      case 'redacted':
        return [];
      case 'opaque':
        return [{ type: 'opaque-block', index, format: 'anthropic', value: finishOpaqueBlock(block.state) }];
      default: {
        const unreachable: never = block;
        return unreachable;
      }
    }
  }

  private messageDelta(delta: unknown, usage: unknown): IrStreamPart[] {
    if (isJsonObject(delta)) {
      if ('stop_reason' in delta) this.stopReason = delta.stop_reason;
      if ('stop_sequence' in delta) this.stopSequence = delta.stop_sequence;
    }
    const counts = decodeAnthropicUsageCounts(usage);
    if (Object.keys(counts).length === 0) return [];
    this.usage = mergeIrUsage(this.usage, counts);
    return [{ type: 'usage', usage: counts }];
  }

  private messageStop(): IrStreamPart[] {
    const parts = this.closeCurrent();
    this.done = true;
    parts.push({
      type: 'finish',
      finishReason: decodeAnthropicStopReason(this.stopReason),
      ...(typeof this.stopSequence === 'string' ? { stopSequence: this.stopSequence } : {}),
      usage: completeIrUsage(this.usage),
    });
    return parts;
  }

  private signature(value: string): { provider: string; value: string } {
    return decodeAnthropicSignature(value, this.exchange.providerId);
  }
}
