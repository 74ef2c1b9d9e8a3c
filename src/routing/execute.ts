import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../errors/gateway-error.js';
import { DEFAULTS } from '../config/switchboard-config.js';
import type { RouteTarget } from './route-table.js';

/** First retry delay without an upstream hint, ms (`DEFAULTS.retryBaseDelayMs`); doubles each attempt, ±25 % jitter. */
const BASE_RETRY_DELAY_MS: number = DEFAULTS.retryBaseDelayMs;

/** One try of a request against one target. */
export interface Attempt {
  readonly target: RouteTarget;
  /** 0 for the first try. */
  readonly index: number;
}

/** Inputs of the attempt loop. */
export interface ExecuteOptions<Result> {
  /** Ordered, non-empty: attempt n goes to `candidates[n % length]`. */
  readonly candidates: readonly RouteTarget[];
  /** Extra attempts after the first (`request-retry`). */
  readonly retries: number;
  /**
   * Longest delay the loop waits before a retry, ms: a backoff is clamped to it; a longer upstream
   * hint ends the loop (waiting less than the upstream asked would only fail again).
   */
  readonly maxRetryIntervalMs: number;
  /** First backoff delay without an upstream hint, ms (default 500); doubles per retry. */
  readonly baseDelayMs?: number | undefined;
  /**
   * Errors that are not worth retrying on the same target but do not condemn the others (a local
   * limit's queue is full): the loop moves to the next, different candidate at once, else throws.
   */
  readonly movesOn?: ((error: GatewayError) => boolean) | undefined;
  readonly signal: AbortSignal;
  /**
   * Runs one attempt up to the point where the answer is accepted (status 2xx, headers read):
   * nothing may have reached the client yet. Throws a `GatewayError` on failure.
   */
  readonly run: (attempt: Attempt) => Promise<Result>;
  /**
   * Adjusts the delay before the next attempt (ms), e.g. to 0 when the next attempt uses another
   * credential of the same upstream, so one credential's `Retry-After` does not hold the request.
   */
  readonly adjustDelayMs?: ((error: GatewayError, attempt: Attempt, delayMs: number) => number) | undefined;
  /** Called before each retry with the error and the chosen delay (ms). */
  readonly onRetry?: ((error: GatewayError, attempt: Attempt, delayMs: number) => void) | undefined;
}

/**
 * The one attempt loop: retries retryable failures (429, 408, 409, 5xx, network; see
 * `GatewayError.retryable`) before the first byte reaches the client, moving to the next
 * candidate when there is one (without waiting), else waiting the upstream's `Retry-After` or an
 * exponential backoff with jitter clamped to `max-retry-interval`. Fallback models are the
 * caller's next stage (`executeStages`).
 * Source: DESIGN.md "Retry semantics as the official SDKs".
 * @returns what `run` returned for the first successful attempt
 * @throws the last attempt's error when attempts run out, the error is not retryable, the hint
 *   is longer than `maxRetryIntervalMs`, or the signal aborts
 */
export async function executeAttempts<Result>(options: ExecuteOptions<Result>): Promise<Result> {
  const { candidates, retries, signal } = options;
  for (let index = 0; ; index += 1) {
    const target = candidates[index % candidates.length];
    if (target === undefined) throw new TypeError('executeAttempts needs at least one candidate');
    const attempt: Attempt = { target, index };
    try {
      return await options.run(attempt);
    } catch (error) {
      if (!(error instanceof GatewayError) || index >= retries || signal.aborted) throw error;
      const switchesTarget = candidates.length > 1 && candidates[(index + 1) % candidates.length] !== target;
      const movesOn = options.movesOn?.(error) === true;
      if (!error.retryable && !(movesOn && switchesTarget)) throw error;
      const hinted = error.retryAfterSeconds !== undefined;
      const computed = switchesTarget ? 0 : retryDelayMs(error, index, options.baseDelayMs);
      const adjusted = options.adjustDelayMs ? options.adjustDelayMs(error, attempt, computed) : computed;
      if (hinted && adjusted > options.maxRetryIntervalMs) throw error;
      const delayMs = Math.min(adjusted, options.maxRetryIntervalMs);
      options.onRetry?.(error, attempt, delayMs);
      if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    }
  }
}

/**
 * Delay before retry number `index + 1`: the upstream's hint when it gave one, else
 * `baseDelayMs` · 2^index with ±25 % jitter.
 * @param baseDelayMs first backoff, ms (default 500: `DEFAULTS.retryBaseDelayMs`)
 * @returns ms
 */
export function retryDelayMs(error: GatewayError, index: number, baseDelayMs = BASE_RETRY_DELAY_MS): number {
  if (error.retryAfterSeconds !== undefined) return error.retryAfterSeconds * 1000;
  const base = baseDelayMs * 2 ** index;
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
