import type { UpstreamLimits } from '../config/switchboard-config.js';
import { GatewayError } from './gateway-error.js';

/** Which of an upstream's traffic limits held a request back: requests per window, or in flight. */
export type UpstreamBusyLimit = 'rate' | 'concurrency';

/** The state of an upstream's limiter when it refused a request (`UpstreamLimiter`). */
export interface UpstreamBusyState {
  /** Upstream id (`groq`, …), never a credential. */
  readonly upstreamId: string;
  /** `queue-full`: refused at once, the wait queue was full; `queue-timeout`: waited `queueTimeoutMs`. */
  readonly reason: 'queue-full' | 'queue-timeout';
  /** The limit that kept the request from starting. */
  readonly blockedBy: UpstreamBusyLimit;
  /** The upstream's configured limits (counts, ms). */
  readonly limits: UpstreamLimits;
  /** Requests in flight on the upstream at refusal. */
  readonly inFlight: number;
  /** Requests waiting for a slot at refusal (the refused one not counted). */
  readonly queued: number;
  /** Estimated wait until the upstream could take the request, ms; sent as `Retry-After` (≥ 1 s). */
  readonly retryAfterMs: number;
}

/**
 * 429 `upstream_busy`: the gateway's own per-upstream limit (seed 004 `PROVIDER_RATE_LIMIT`,
 * `PROVIDER_RATE_WINDOW`, `PROVIDER_MAX_CONCURRENCY`) refused the request before any call went out,
 * because the wait queue was full or the wait exceeded `queueTimeoutMs`. Not retryable on another
 * credential of the same upstream (the limit is per upstream); `Retry-After` is the estimated wait,
 * an integer ≥ 1 s. Details: `{upstream, limit: 'rate' | 'concurrency' | 'queue', in_flight, queued}`
 * (`queue` when the queue was full).
 */
export class UpstreamBusyError extends GatewayError {
  readonly upstreamId: string;

  constructor(state: UpstreamBusyState) {
    const retryAfterSeconds = Math.max(1, Math.ceil(state.retryAfterMs / 1000));
    const limit =
      state.blockedBy === 'rate'
        ? `its limit of ${state.limits.rateLimit} requests per ${formatSeconds(state.limits.rateWindowMs)}`
        : `its limit of ${state.limits.maxConcurrency} in-flight request(s)`;
    const situation =
      state.reason === 'queue-full'
        ? `${limit} and ${state.queued} waiting`
        : `${limit}; no slot freed within ${formatSeconds(state.limits.queueTimeoutMs)}`;
    super(
      'rate_limited',
      429,
      `Upstream '${state.upstreamId}' is at ${situation}; retry in ${retryAfterSeconds} s.`,
      {
        retryable: false,
        retryAfterSeconds,
        wireCode: 'upstream_busy',
        details: {
          upstream: state.upstreamId,
          limit: state.reason === 'queue-full' ? 'queue' : state.blockedBy,
          in_flight: state.inFlight,
          queued: state.queued,
        },
      },
    );
    this.name = 'UpstreamBusyError';
    this.upstreamId = state.upstreamId;
  }
}

/** `60 s`, `1.5 s`, `250 ms`. */
function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}
