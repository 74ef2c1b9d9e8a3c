import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE, type IrUsage } from '../../ir/usage.js';
import { classifyNetworkError } from '../../upstream/send-request.js';

/** What a guarded stream saw, for the usage record and the log. */
export interface StreamOutcome {
  usage: IrUsage;
  outcome: 'complete' | 'failed' | 'aborted';
  /** ms from the guard's creation to the first part; -1 when none came. */
  firstPartMs: number;
}

/** What the guard names in the errors it makes. */
export interface StreamGuardContext {
  readonly upstreamId: string;
  readonly endpoint: string;
  /** The request's signal: aborted when the client went away. */
  readonly signal: AbortSignal;
}

/**
 * Stands between an upstream's decoded IR stream and the client's encoder, synchronously, so the
 * encoder always sees a well-formed ending: after `finish` or `error` nothing more passes; a thrown
 * error (reset connection, read timeout, malformed upstream output) becomes an `error` part
 * (`fail`); a stream that runs out without `finish` or `error` gets a 502 `error` part (`end`).
 * When the client has gone (`signal` aborted) the stream just stops with outcome `aborted`.
 * Usage, outcome and the time to the first part are recorded in `outcome` as parts pass.
 * Not shared between streams.
 */
export class StreamGuard {
  /** Filled in as the stream goes. */
  readonly outcome: StreamOutcome;
  private readonly context: StreamGuardContext;
  private readonly started = performance.now();
  private over = false;

  /** @param outcome the record to fill in (a fresh one by default) */
  constructor(context: StreamGuardContext, outcome: StreamOutcome = createStreamOutcome()) {
    this.context = context;
    this.outcome = outcome;
  }

  /** Whether the stream is over (`finish` / `error` passed, or it failed, ran out or was aborted). */
  get ended(): boolean {
    return this.over;
  }

  /**
   * A delta (text, reasoning, tool arguments) went by on the delta fast lane: what `push` does
   * for such a part.
   * @returns false when the stream is already over (the delta must be dropped)
   */
  pushDelta(): boolean {
    if (this.over) return false;
    if (this.outcome.firstPartMs < 0) this.outcome.firstPartMs = performance.now() - this.started;
    return true;
  }

  /**
   * Records one part of the upstream's stream.
   * @returns whether it passes on to the client's encoder (false once the stream is over)
   */
  push(part: IrStreamPart): boolean {
    if (this.over) return false;
    const outcome = this.outcome;
    if (outcome.firstPartMs < 0) outcome.firstPartMs = performance.now() - this.started;
    switch (part.type) {
      case 'usage':
        outcome.usage = { ...outcome.usage, ...definedOnly(part.usage) };
        break;
      case 'response-start':
        if (part.usage) outcome.usage = { ...outcome.usage, ...definedOnly(part.usage) };
        break;
      case 'finish':
        outcome.usage = part.usage;
        outcome.outcome = 'complete';
        this.over = true;
        break;
      case 'error':
        outcome.outcome = 'failed';
        this.over = true;
        break;
      default:
        break;
    }
    return true;
  }

  /**
   * The upstream's parts ran out.
   * @returns the 502 `error` part to pass on when no `finish` or `error` came; undefined when the
   *   stream is already over
   */
  end(): IrStreamPart | undefined {
    if (this.over) return undefined;
    this.over = true;
    this.outcome.outcome = 'failed';
    return {
      type: 'error',
      error: new GatewayError(
        'upstream_error',
        502,
        `Upstream '${this.context.upstreamId}' ended the stream before it finished.`,
      ),
    };
  }

  /**
   * Reading or decoding the upstream's stream threw.
   * @param error what was thrown: a `GatewayError` keeps its code and status, anything else is
   *   classified as a network failure (`classifyNetworkError`: reset, timeout, …)
   * @returns the `error` part to pass on; undefined when the client has gone (outcome `aborted`)
   *   or the stream was already over
   */
  fail(error: unknown): IrStreamPart | undefined {
    if (this.over) return undefined;
    this.over = true;
    const { upstreamId, endpoint, signal } = this.context;
    if (signal.aborted) {
      this.outcome.outcome = 'aborted';
      return undefined;
    }
    this.outcome.outcome = 'failed';
    const failure =
      error instanceof GatewayError ? error : classifyNetworkError({ upstreamId, endpoint }, error);
    return {
      type: 'error',
      error: new GatewayError(
        failure.code,
        failure.status,
        `The stream from upstream '${upstreamId}' broke off: ${failure.message}`,
      ),
    };
  }
}

/** A fresh outcome record. */
export function createStreamOutcome(): StreamOutcome {
  return { usage: EMPTY_IR_USAGE, outcome: 'failed', firstPartMs: -1 };
}

function definedOnly(usage: Partial<IrUsage>): Partial<IrUsage> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(usage)) if (typeof value === 'number') out[key] = value;
  return out as Partial<IrUsage>;
}
