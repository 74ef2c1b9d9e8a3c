import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import type { ClientExchange } from '../protocol.js';
import type { IrDeltaLiteral, IrStreamEncoder } from '../stream-codec.js';
import { encodeAnthropicErrorEvent } from './encode-error.js';
import { newAnthropicMessageId } from './encode-response.js';
import type { JsonObject } from './json-value.js';
import { encodeAnthropicStopReason } from './map-finish-reason.js';
import { CLIENT_SIGNATURE_PROVIDER, encodeAnthropicSignature } from './map-signature.js';

type StreamedKind = 'text' | 'reasoning' | 'tool';

/** Usage counts in the order Anthropic writes them, with their wire names. */
const USAGE_FIELDS: readonly (readonly [keyof IrUsage, string])[] = [
  ['inputTokens', 'input_tokens'],
  ['cacheCreationInputTokens', 'cache_creation_input_tokens'],
  ['cacheReadInputTokens', 'cache_read_input_tokens'],
  ['outputTokens', 'output_tokens'],
];

/** One SSE event as Anthropic writes it: `event: <type>` and one `data:` line. */
function sseEvent(type: string, data: JsonObject): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** `ping`, as `sseEvent('ping', {type: 'ping'})` writes it. */
const PING_EVENT = sseEvent('ping', { type: 'ping' });
/** `message_stop`, as `sseEvent('message_stop', {type: 'message_stop'})` writes it. */
const MESSAGE_STOP_EVENT = sseEvent('message_stop', { type: 'message_stop' });

/**
 * A `content_block_delta` event, byte for byte what `sseEvent` writes for
 * `{type: 'content_block_delta', index, delta}`, from the delta's JSON text (the hot path: no
 * object built per delta).
 * @param index the block's wire index (an integer)
 * @param deltaJson `JSON.stringify` of the delta object
 */
function contentBlockDeltaEvent(index: number, deltaJson: string): string {
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":${deltaJson}}\n\n`;
}

/** A `content_block_stop` event, byte for byte what `sseEvent` writes for it. */
function contentBlockStopEvent(index: number): string {
  return `event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`;
}

/**
 * The state machine of one IR stream → Anthropic SSE text, part by part (no buffering: each part's
 * events are returned at once). Blocks get dense wire indexes from 0; a block still open when
 * another starts (or the answer finishes) is stopped first; deltas for a block that is not open
 * open one of their kind (tool input deltas, which need an id and a name, are dropped).
 * `message_start` always carries `usage` with integer `input_tokens` and `output_tokens`; the
 * `message_delta` carries `output_tokens` and each other count the IR reported through `usage`
 * parts or that changed since `message_start`.
 * Source: Anthropic API reference, "Streaming Messages" (event flow and shapes).
 */
export class AnthropicStreamEncoder implements IrStreamEncoder {
  /** Whether the stream is over (`message_stop` or an error event written). */
  ended = false;
  private started = false;
  private open:
    { readonly index: number; readonly kind: StreamedKind; readonly wireIndex: number } | undefined;
  private nextWireIndex = 0;
  private startUsage: Partial<IrUsage> = {};
  private readonly reportedCounts = new Set<keyof IrUsage>();

  /** @param client the client's request facts (its model name names an answer without one) */
  constructor(private readonly client: ClientExchange) {}

  /**
   * Encodes one IR part.
   * @returns the SSE text of its events ('' when it produces none)
   */
  push(part: IrStreamPart): string {
    if (this.ended) return '';
    switch (part.type) {
      case 'response-start':
        return this.started ? '' : this.messageStart(part.id, part.model, part.usage ?? {});
      case 'keep-alive':
        return PING_EVENT;
      case 'error':
        this.ended = true;
        return encodeAnthropicErrorEvent(part.error);
      case 'usage':
        for (const [key, value] of Object.entries(part.usage)) {
          if (value !== undefined) this.reportedCounts.add(key as keyof IrUsage);
        }
        return '';
      default:
        return this.ensureStarted() + this.content(part);
    }
  }

  /**
   * The delta fast lane: a delta of the block already open, written from its literal — a
   * `text_delta`, `thinking_delta` or `input_json_delta` (whose `partial_json` is the arguments
   * piece's string). A delta that would open a block goes through `push`.
   */
  encodeDelta(delta: IrDeltaLiteral): string | undefined {
    if (this.ended) return '';
    const open = this.open;
    const kind: StreamedKind =
      delta.kind === 'text-delta' ? 'text' : delta.kind === 'reasoning-delta' ? 'reasoning' : 'tool';
    if (!this.started || open === undefined || open.index !== delta.index || open.kind !== kind)
      return undefined;
    const deltaJson =
      kind === 'text'
        ? `{"type":"text_delta","text":${delta.json}}`
        : kind === 'reasoning'
          ? `{"type":"thinking_delta","thinking":${delta.json}}`
          : `{"type":"input_json_delta","partial_json":${delta.json}}`;
    return contentBlockDeltaEvent(open.wireIndex, deltaJson);
  }

  /** The text owed when the IR stream ran out: an error event unless it finished or failed. */
  end(): string {
    if (this.ended) return '';
    this.ended = true;
    return encodeAnthropicErrorEvent(
      new GatewayError('upstream_error', 502, 'The upstream stream ended before the answer finished.'),
    );
  }

  private content(
    part: Exclude<IrStreamPart, { type: 'response-start' | 'keep-alive' | 'error' | 'usage' }>,
  ): string {
    switch (part.type) {
      case 'text-start':
        return this.ensureOpen(part.index, 'text');
      case 'text-delta':
        return (
          this.ensureOpen(part.index, 'text') +
          this.delta(`{"type":"text_delta","text":${JSON.stringify(part.text)}}`)
        );
      case 'reasoning-start':
        return this.ensureOpen(part.index, 'reasoning');
      case 'reasoning-delta':
        return (
          this.ensureOpen(part.index, 'reasoning') +
          this.delta(`{"type":"thinking_delta","thinking":${JSON.stringify(part.text)}}`)
        );
      case 'reasoning-signature':
        return (
          this.ensureOpen(part.index, 'reasoning') +
          this.delta(
            JSON.stringify({
              type: 'signature_delta',
              signature: encodeAnthropicSignature(part.signature, CLIENT_SIGNATURE_PROVIDER),
            }),
          )
        );
      case 'text-end':
      case 'reasoning-end':
      case 'tool-input-end':
        return this.open?.index === part.index ? this.closeOpen() : '';
      case 'tool-input-start':
        return this.startBlock(part.index, 'tool', {
          type: 'tool_use',
          id: part.id,
          name: part.name,
          input: {},
        });
      case 'tool-input-delta':
        return this.open?.index === part.index && this.open.kind === 'tool'
          ? this.delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(part.json)}}`)
          : '';
      case 'redacted-reasoning': {
        const data = encodeAnthropicSignature(
          { provider: part.provider, value: part.data },
          CLIENT_SIGNATURE_PROVIDER,
        );
        return this.wholeBlock({ type: 'redacted_thinking', data });
      }
      case 'opaque-block':
        return part.format === 'anthropic' ? this.opaqueBlock(part.value) : '';
      case 'finish':
        return this.finish(part.finishReason, part.stopSequence, part.usage);
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }

  private messageStart(id: string, model: string, usage: Partial<IrUsage>): string {
    this.started = true;
    this.startUsage = usage;
    const counts: JsonObject = {};
    for (const [key, wire] of USAGE_FIELDS) {
      const value = usage[key];
      if (value !== undefined || key === 'inputTokens' || key === 'outputTokens') counts[wire] = value ?? 0;
    }
    const message = {
      id: id === '' ? newAnthropicMessageId() : id,
      type: 'message',
      role: 'assistant',
      content: [],
      model: model === '' ? this.client.requestedModel : model,
      stop_reason: null,
      stop_sequence: null,
      usage: counts,
    };
    return sseEvent('message_start', { type: 'message_start', message });
  }

  private ensureStarted(): string {
    return this.started ? '' : this.messageStart('', '', {});
  }

  private ensureOpen(index: number, kind: 'text' | 'reasoning'): string {
    if (this.open?.index === index && this.open.kind === kind) return '';
    const block =
      kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return this.startBlock(index, kind, block);
  }

  private startBlock(index: number, kind: StreamedKind, block: JsonObject): string {
    const stop = this.closeOpen();
    const wireIndex = this.nextWireIndex++;
    this.open = { index, kind, wireIndex };
    return (
      stop +
      sseEvent('content_block_start', { type: 'content_block_start', index: wireIndex, content_block: block })
    );
  }

  /** A block written whole: start with its content, then stop. */
  private wholeBlock(block: JsonObject): string {
    const stop = this.closeOpen();
    const index = this.nextWireIndex++;
    return (
      stop +
      sseEvent('content_block_start', { type: 'content_block_start', index, content_block: block }) +
      contentBlockStopEvent(index)
    );
  }

  /**
   * An accumulated block of a kind the IR does not model. One with an `input` (server_tool_use,
   * mcp_tool_use) is written as the reference streams tool calls: `input: {}` at the start, the
   * input as one `input_json_delta`; any other is written whole in its start.
   */
  private opaqueBlock(value: Readonly<Record<string, unknown>>): string {
    if (!('input' in value)) return this.wholeBlock({ ...value });
    const stop = this.closeOpen();
    const index = this.nextWireIndex++;
    const delta = { type: 'input_json_delta', partial_json: JSON.stringify(value.input) };
    return (
      stop +
      sseEvent('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { ...value, input: {} },
      }) +
      sseEvent('content_block_delta', { type: 'content_block_delta', index, delta }) +
      contentBlockStopEvent(index)
    );
  }

  /** A delta of the open block, from the delta's JSON text ('' when no block is open). */
  private delta(deltaJson: string): string {
    if (this.open === undefined) return '';
    return contentBlockDeltaEvent(this.open.wireIndex, deltaJson);
  }

  private closeOpen(): string {
    const open = this.open;
    if (open === undefined) return '';
    this.open = undefined;
    return contentBlockStopEvent(open.wireIndex);
  }

  private finish(
    finishReason: Parameters<typeof encodeAnthropicStopReason>[0],
    stopSequence: string | undefined,
    usage: IrUsage,
  ): string {
    const stop = this.closeOpen();
    this.ended = true;
    const counts: JsonObject = {};
    for (const [key, wire] of USAGE_FIELDS) {
      const value = usage[key] ?? 0;
      const changed = value !== (this.startUsage[key] ?? 0);
      if (key === 'outputTokens' || this.reportedCounts.has(key) || changed) counts[wire] = value;
    }
    const delta = {
      stop_reason: encodeAnthropicStopReason(finishReason),
      stop_sequence: stopSequence ?? null,
    };
    return (
      stop + sseEvent('message_delta', { type: 'message_delta', delta, usage: counts }) + MESSAGE_STOP_EVENT
    );
  }
}
