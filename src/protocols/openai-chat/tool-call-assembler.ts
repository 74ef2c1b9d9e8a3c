import type { IrStreamPart } from '../../ir/stream-part.js';
import type { UpstreamExchange } from '../protocol.js';
import type { FinalizedToolCall } from './finalize-tool-call.js';
import {
  argumentsText,
  clientToolName,
  finalizeToolCall,
  generatedToolCallId,
  mergeToolName,
} from './finalize-tool-call.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import type { OpenAIChatToolCallDelta } from './wire-upstream.js';

/** Where tool-call blocks go in the answer: the stream state's block numbering. */
export interface ToolCallBlocks {
  /** Closes the open text or reasoning block (its end part into `out`); returns the next block index. */
  startBlock(out: IrStreamPart[]): number;
}

type Warn = (code: string, message: string, kind?: string) => void;

interface AssemblingCall {
  readonly position: number;
  id: string | undefined;
  name: string;
  arguments: string;
  /** A fragment after the one that last changed the name left it as it was: the name is whole. */
  nameSettled: boolean;
  /** `pending`: buffered; `live`: its block is open; `ended`: its block was closed. */
  state: 'pending' | 'live' | 'ended';
}

/**
 * Assembles streamed `delta.tool_calls` fragments into calls, by their `index`, and streams them.
 *
 * Fragments: `id` and `function.name` may come in any fragment (late, repeated on every fragment,
 * or the name split in pieces — see `mergeToolName`); `arguments` are concatenated (an object,
 * which some servers send, is serialised). A fragment without `index` belongs to the call with its
 * `id`, else opens a new call when it has an unseen `id`, else continues the last call.
 *
 * Live (the common case: calls one after another, as OpenAI and most providers send them): a call
 * goes live once it has a name that a later fragment of the call left unchanged (names may stream
 * in pieces, so the fragment carrying a name cannot tell whether it is whole) and no other call is
 * open. Going live closes the open text or reasoning block and emits `tool-input-start` (the id as
 * sent, else generated) and one `tool-input-delta` with the arguments buffered so far; every later
 * fragment is a `tool-input-delta` at once. A fragment of another call, or text (`endLive`), ends it.
 * Limit: a live call's arguments are sent as received, so they cannot be repaired — arguments that
 * are not a JSON object at the end only raise a `malformed-tool-arguments` warning; empty arguments
 * become `{}`.
 *
 * Buffered (the uncommon cases): a call that has no settled name yet stays pending; once two calls
 * are pending at once, or a fragment comes for a call already ended (interleaved calls), no call
 * goes live any more and every pending call is emitted whole by `drain` (checked and repaired by
 * `finalizeToolCall`); late fragments of an ended call are dropped with a warning.
 * Source: OpenAI "Function calling" guide, "Streaming" ("Many of these fields are only set for the
 * first delta of each tool call, like id, function.name, and type"; "Parallel function calling").
 */
export class ToolCallAssembler {
  private readonly exchange: UpstreamExchange;
  private readonly warn: Warn;
  private readonly blocks: ToolCallBlocks;
  private readonly calls = new Map<number, AssemblingCall>();
  private live: { readonly call: AssemblingCall; readonly index: number } | undefined;
  private interleaved = false;
  private lastPosition: number | undefined;
  private emitted = 0;

  /**
   * @param warn receives (code, message, kind) for what is repaired, dropped or could not be checked
   * @param blocks numbers the tool-call blocks and closes the open text block before them
   */
  constructor(exchange: UpstreamExchange, warn: Warn, blocks: ToolCallBlocks) {
    this.exchange = exchange;
    this.warn = warn;
    this.blocks = blocks;
  }

  /** How many calls were emitted (or started live) as tool calls so far. */
  get emittedCalls(): number {
    return this.emitted;
  }

  /**
   * Adds the fragments of one delta; the parts they complete go to `out`.
   * @param answerId the answer's id, for generated call ids
   */
  add(fragments: readonly OpenAIChatToolCallDelta[], answerId: string, out: IrStreamPart[]): void {
    for (const fragment of fragments) {
      const position = this.positionOf(fragment);
      this.lastPosition = position;
      let call = this.calls.get(position);
      if (call?.state === 'ended') {
        this.late(call, fragment);
        continue;
      }
      if (this.live !== undefined && this.live.call.position !== position) this.endLive(out);
      if (call === undefined) {
        if ([...this.calls.values()].some((other) => other.state === 'pending')) this.interleaved = true;
        call = { position, id: undefined, name: '', arguments: '', nameSettled: false, state: 'pending' };
        this.calls.set(position, call);
      }
      this.merge(call, fragment, out);
      if (call.state === 'pending' && !this.interleaved && call.nameSettled) {
        this.goLive(call, answerId, out);
      }
    }
  }

  /** The `index` (position) of the call streaming live, if any. */
  get livePosition(): number | undefined {
    return this.live?.call.position;
  }

  /**
   * The delta fast lane's piece of arguments for the call at `position`: what `add` does for a
   * fragment carrying nothing but that piece (no id, no name) of the live call — appends it —
   * without the part, which the caller emits.
   * @param text the piece (not empty)
   * @returns the live call's block index, or `undefined` (nothing done) when that call is not live
   */
  appendLive(position: number, text: string): number | undefined {
    const live = this.live;
    if (live === undefined || live.call.position !== position) return undefined;
    this.lastPosition = position;
    live.call.arguments += text;
    return live.index;
  }

  /** Ends the live call, if any (before text, another block, or the end of the answer). */
  endLive(out: IrStreamPart[]): void {
    const live = this.live;
    if (live === undefined) return;
    this.live = undefined;
    live.call.state = 'ended';
    if (live.call.arguments.trim() === '') {
      out.push({ type: 'tool-input-delta', index: live.index, json: '{}' });
    } else if (parseToolArguments(live.call.arguments).kind !== 'valid') {
      this.warn(
        'malformed-tool-arguments',
        'Tool call arguments streamed as they came turned out not to be a JSON object; they were passed on as received.',
      );
    }
    out.push({ type: 'tool-input-end', index: live.index });
  }

  /**
   * Finalises every pending (buffered) call (`finalizeToolCall`), in `index` order, and forgets all
   * calls. End the live call first (`endLive`).
   * @param answerId the answer's id, for generated call ids
   * @returns tool calls and text fallbacks (skipped calls left out)
   */
  drain(answerId: string): Exclude<FinalizedToolCall, { kind: 'skip' }>[] {
    const out: Exclude<FinalizedToolCall, { kind: 'skip' }>[] = [];
    const pending = [...this.calls.values()]
      .filter((call) => call.state === 'pending')
      .sort((left, right) => left.position - right.position);
    this.calls.clear();
    for (const call of pending) {
      const finalized = finalizeToolCall(call, this.exchange, answerId, this.warn);
      if (finalized.kind === 'skip') continue;
      if (finalized.kind === 'tool') this.emitted += 1;
      out.push(finalized);
    }
    return out;
  }

  private merge(call: AssemblingCall, fragment: OpenAIChatToolCallDelta, out: IrStreamPart[]): void {
    if (fragment.id && call.id === undefined) call.id = fragment.id;
    const name = mergeToolName(call.name, fragment.function?.name);
    if (call.state === 'pending') {
      call.nameSettled = name !== '' && name === call.name;
      call.name = name;
    } else if (name !== call.name) {
      this.warn(
        'malformed-tool-call',
        'Pieces of a tool name that came after the call had started streaming were ignored.',
        'late-tool-name',
      );
    }
    const text = argumentsText(fragment.function?.arguments);
    call.arguments += text;
    if (this.live?.call === call && text !== '') {
      out.push({ type: 'tool-input-delta', index: this.live.index, json: text });
    }
  }

  private goLive(call: AssemblingCall, answerId: string, out: IrStreamPart[]): void {
    if (call.id === undefined || call.id === '') {
      this.warn('malformed-tool-call', 'Tool calls without an id were given one.', 'missing-tool-call-id');
      call.id = generatedToolCallId(answerId, call.position);
    }
    const index = this.blocks.startBlock(out);
    call.state = 'live';
    this.live = { call, index };
    this.emitted += 1;
    out.push({
      type: 'tool-input-start',
      index,
      id: call.id,
      name: clientToolName(call.name, this.exchange),
    });
    if (call.arguments !== '') out.push({ type: 'tool-input-delta', index, json: call.arguments });
  }

  /** A fragment for a call whose block was closed: the calls interleave; stop streaming live. */
  private late(call: AssemblingCall, fragment: OpenAIChatToolCallDelta): void {
    const text = argumentsText(fragment.function?.arguments);
    if (text === '' && mergeToolName(call.name, fragment.function?.name) === call.name) return;
    this.interleaved = true;
    this.warn(
      'malformed-tool-call',
      'Tool call fragments that came after their call had ended (calls interleaved) were dropped.',
      'late-tool-fragment',
    );
  }

  private positionOf(fragment: OpenAIChatToolCallDelta): number {
    if (typeof fragment.index === 'number') return fragment.index;
    if (fragment.id) {
      for (const call of this.calls.values()) if (call.id === fragment.id) return call.position;
      return this.calls.size === 0 ? 0 : Math.max(...this.calls.keys()) + 1;
    }
    return this.lastPosition ?? 0;
  }
}
