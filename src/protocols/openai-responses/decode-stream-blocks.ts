import type { IrStreamPart } from '../../ir/stream-part.js';
import { argumentsText, finalizeToolCall } from '../openai-chat/finalize-tool-call.js';
import { parseToolArguments } from '../openai-chat/parse-tool-arguments.js';
import type { UpstreamExchange } from '../protocol.js';
import { REASONING_SUMMARY_SEPARATOR } from './map-reasoning-item.js';
import type { OpenAIResponsesOutputItem } from './wire-upstream.js';

/** Where a stream event points: output item and content part (either may be missing). */
export interface EventPosition {
  readonly output_index?: number | null | undefined;
  readonly content_index?: number | null | undefined;
}

/** The IR block open for one output item (or one content part of a message). */
export interface OpenBlock {
  readonly kind: 'text' | 'reasoning' | 'tool';
  readonly index: number;
  readonly outputIndex: number | undefined;
  readonly contentIndex: number | undefined;
  /** Whether any text / argument delta was passed on. */
  seen: boolean;
  /** Tool: the arguments passed on so far. */
  json: string;
  /** Reasoning: summary parts begun, and whether the current part's text was streamed. */
  summaryParts: number;
  partSeen: boolean;
}

/** Receives (code, message, kind) for what was repaired or dropped. */
export type StreamWarn = (code: string, message: string, kind?: string) => void;

/**
 * The IR side of a Responses stream decoder: numbers blocks, keeps at most one open (a block
 * ends before the next starts), and writes start / delta / end parts. Events that point at
 * another output item than the open block are dropped with a warning (OpenAI streams one output
 * item after another). Used by `OpenAIResponsesStreamState`.
 */
export class StreamBlocks {
  private readonly exchange: UpstreamExchange;
  private readonly warn: StreamWarn;
  private nextIndex = 0;
  /** The open block, if any. */
  open: OpenBlock | undefined;
  /** Function calls passed on as tool calls. */
  toolCalls = 0;

  constructor(exchange: UpstreamExchange, warn: StreamWarn) {
    this.exchange = exchange;
    this.warn = warn;
  }

  /** Closes the open block and opens a new one of `kind` (its start part is the caller's). */
  begin(kind: OpenBlock['kind'], position: EventPosition, out: IrStreamPart[]): OpenBlock {
    this.close(out);
    this.open = {
      kind,
      index: this.nextIndex++,
      outputIndex: position.output_index ?? undefined,
      contentIndex: position.content_index ?? undefined,
      seen: false,
      json: '',
      summaryParts: 0,
      partSeen: false,
    };
    return this.open;
  }

  /** The open block when it is of `kind` and the event points at it (or nowhere in particular). */
  current(kind: OpenBlock['kind'], position: EventPosition): OpenBlock | undefined {
    const open = this.open;
    if (open?.kind !== kind) return undefined;
    if (
      position.output_index != null &&
      open.outputIndex !== undefined &&
      position.output_index !== open.outputIndex
    ) {
      return undefined;
    }
    if (kind !== 'text' || position.content_index == null || open.contentIndex === undefined) return open;
    return position.content_index === open.contentIndex ? open : undefined;
  }

  /** Opens a text block (`text-start`). */
  openText(position: EventPosition, out: IrStreamPart[]): OpenBlock {
    const open = this.begin('text', position, out);
    out.push({ type: 'text-start', index: open.index });
    return open;
  }

  /** A text delta for the text block at `position` (opened if need be). */
  textDelta(position: EventPosition, text: string, out: IrStreamPart[]): void {
    if (text === '') return;
    const open = this.current('text', position) ?? this.openText(position, out);
    open.seen = true;
    out.push({ type: 'text-delta', index: open.index, text });
  }

  /** A whole text block (start, delta, end), after closing the open block. */
  wholeText(text: string, out: IrStreamPart[]): void {
    this.close(out);
    const index = this.nextIndex++;
    out.push({ type: 'text-start', index }, { type: 'text-delta', index, text }, { type: 'text-end', index });
  }

  /** A reasoning summary part begins: from the second on, a blank line joins it to the previous. */
  summaryPart(position: EventPosition, out: IrStreamPart[]): void {
    const open = this.current('reasoning', position);
    if (open === undefined) return;
    if (open.summaryParts > 0) {
      open.seen = true;
      out.push({ type: 'reasoning-delta', index: open.index, text: REASONING_SUMMARY_SEPARATOR });
    }
    open.summaryParts += 1;
    open.partSeen = false;
  }

  /** A reasoning delta for the reasoning block at `position`. */
  reasoningDelta(position: EventPosition, text: string, out: IrStreamPart[]): void {
    const open = this.current('reasoning', position);
    if (open === undefined) return this.stray();
    if (text === '') return;
    open.seen = true;
    open.partSeen = true;
    out.push({ type: 'reasoning-delta', index: open.index, text });
  }

  /** An arguments delta for the tool block at `position`. */
  argumentsDelta(position: EventPosition, json: string, out: IrStreamPart[]): void {
    const open = this.current('tool', position);
    if (open === undefined) return this.stray();
    if (json === '') return;
    open.seen = true;
    open.json += json;
    out.push({ type: 'tool-input-delta', index: open.index, json });
  }

  /**
   * A function call that was never announced live (no name at `output_item.added`): emitted
   * whole, repaired if need be, by the chat spoke's `finalizeToolCall`.
   * @param responseId for generated call ids
   */
  wholeCall(
    item: OpenAIResponsesOutputItem,
    position: number,
    responseId: string,
    out: IrStreamPart[],
  ): void {
    this.close(out);
    const call = finalizeToolCall(
      {
        position,
        id: item.call_id ?? undefined,
        name: item.name ?? '',
        arguments: argumentsText(item.arguments),
      },
      this.exchange,
      responseId,
      this.warn,
    );
    if (call.kind === 'text') return this.wholeText(call.text, out);
    if (call.kind === 'skip') return;
    this.toolCalls += 1;
    const index = this.nextIndex++;
    out.push(
      { type: 'tool-input-start', index, id: call.id, name: call.name },
      { type: 'tool-input-delta', index, json: call.json },
      { type: 'tool-input-end', index },
    );
  }

  /** An opaque block, after closing the open block. */
  opaque(format: string, value: Record<string, unknown>, out: IrStreamPart[]): void {
    this.close(out);
    out.push({ type: 'opaque-block', index: this.nextIndex++, format, value });
  }

  /**
   * Closes the open block: `text-end`, `reasoning-end`, or `tool-input-end` (after a `{}` delta
   * when no arguments came; a warning when the streamed arguments are not a JSON object — they
   * went out as received and cannot be repaired).
   */
  close(out: IrStreamPart[]): void {
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    if (open.kind === 'text') out.push({ type: 'text-end', index: open.index });
    else if (open.kind === 'reasoning') out.push({ type: 'reasoning-end', index: open.index });
    else {
      if (open.json.trim() === '') out.push({ type: 'tool-input-delta', index: open.index, json: '{}' });
      else if (parseToolArguments(open.json).kind !== 'valid') {
        this.warn(
          'malformed-tool-arguments',
          'Tool call arguments streamed as they came turned out not to be a JSON object; they were passed on as received.',
        );
      }
      out.push({ type: 'tool-input-end', index: open.index });
    }
  }

  private stray(): void {
    this.warn('stray-event', 'Stream events for an output item that was not open were dropped.');
  }
}
