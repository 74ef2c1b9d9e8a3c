import type { UpstreamExchange } from '../protocol.js';
import type { FinalizedToolCall } from './finalize-tool-call.js';
import { argumentsText, finalizeToolCall, mergeToolName } from './finalize-tool-call.js';
import type { OpenAIChatToolCallDelta } from './wire-upstream.js';

interface PendingCall {
  readonly position: number;
  id: string | undefined;
  name: string;
  arguments: string;
}

/**
 * Assembles streamed `delta.tool_calls` fragments into whole calls, by their `index`:
 * fragments of several calls may interleave; `id` and `function.name` may come in any fragment
 * (late, repeated on every fragment, or the name split in pieces — see `mergeToolName`);
 * `arguments` are concatenated (an object, which some servers send, is serialised). A fragment
 * without `index` belongs to the call with its `id`, else opens a new call when it has an unseen
 * `id`, else continues the last call.
 * Source: OpenAI "Function calling" guide, "Streaming" ("Many of these fields are only set for the
 * first delta of each tool call, like id, function.name, and type").
 */
export class ToolCallAssembler {
  private readonly exchange: UpstreamExchange;
  private readonly warn: (code: string, message: string, kind?: string) => void;
  private readonly calls = new Map<number, PendingCall>();
  private lastPosition: number | undefined;
  private emitted = 0;

  /** @param warn receives (code, message, kind) for what finalisation repairs or drops */
  constructor(exchange: UpstreamExchange, warn: (code: string, message: string, kind?: string) => void) {
    this.exchange = exchange;
    this.warn = warn;
  }

  /** How many calls were emitted as tool calls so far. */
  get emittedCalls(): number {
    return this.emitted;
  }

  /** Adds the fragments of one delta. */
  add(fragments: readonly OpenAIChatToolCallDelta[]): void {
    for (const fragment of fragments) {
      const position = this.positionOf(fragment);
      let call = this.calls.get(position);
      if (call === undefined) {
        call = { position, id: undefined, name: '', arguments: '' };
        this.calls.set(position, call);
      }
      if (fragment.id && call.id === undefined) call.id = fragment.id;
      call.name = mergeToolName(call.name, fragment.function?.name);
      call.arguments += argumentsText(fragment.function?.arguments);
      this.lastPosition = position;
    }
  }

  /**
   * Finalises every pending call (`finalizeToolCall`), in `index` order, and forgets them.
   * @param answerId the answer's id, for generated call ids
   * @returns tool calls and text fallbacks (skipped calls left out)
   */
  drain(answerId: string): Exclude<FinalizedToolCall, { kind: 'skip' }>[] {
    const out: Exclude<FinalizedToolCall, { kind: 'skip' }>[] = [];
    const pending = [...this.calls.values()].sort((left, right) => left.position - right.position);
    this.calls.clear();
    for (const call of pending) {
      const finalized = finalizeToolCall(call, this.exchange, answerId, this.warn);
      if (finalized.kind === 'skip') continue;
      if (finalized.kind === 'tool') this.emitted += 1;
      out.push(finalized);
    }
    return out;
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
