import { GatewayError } from './gateway-error.js';

/** Why the credentials of every candidate were unavailable, summed over the candidates. */
export interface UnavailableSummary {
  readonly cooling: number;
  readonly blocked: number;
  readonly modelUnavailable: number;
  readonly upstreamCooling: number;
  /** ms until the first credential recovers; undefined when none recovers by itself. */
  readonly soonestRecoveryMs?: number | undefined;
  /** Recent upstream statuses, newest first: `{upstream, credential (id, never the key), status}`. */
  readonly recentStatuses: readonly { upstream: string; credential: string; status: number }[];
}

/** Retry-After sent when nothing recovers by itself (blocked credentials), seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * No credential of any candidate can take the request (CLIProxyAPI's answers, seeds/001):
 * - all of them cooling down after rate limits → 429, code `model_cooldown`, `Retry-After` =
 *   the soonest recovery;
 * - otherwise (blocked after 401/402/403, model not found on them, upstream cooling after
 *   5xx/network errors) → 503, code `auth_unavailable`, `Retry-After`, and the blocked counts and
 *   recent upstream statuses in the body.
 */
export class CredentialsUnavailableError extends GatewayError {
  /**
   * ms until the first credential recovers by itself, when one does. An all-cooling answer is
   * retryable: the attempt loop may wait this long (up to `max-retry-interval`) and try again.
   */
  readonly soonestRecoveryMs: number | undefined;

  /**
   * @param model the requested model
   * @param summary why the credentials are unavailable
   * @param lastUpstreamMessage the last upstream error's message, appended to the 503 message so the
   *   upstream's own words (e.g. "invalid x-api-key") are not lost
   */
  constructor(model: string, summary: UnavailableSummary, lastUpstreamMessage?: string) {
    const allCooling =
      summary.cooling > 0 &&
      summary.blocked === 0 &&
      summary.modelUnavailable === 0 &&
      summary.upstreamCooling === 0;
    const retryAfterSeconds =
      summary.soonestRecoveryMs === undefined
        ? DEFAULT_RETRY_AFTER_SECONDS
        : Math.max(1, Math.ceil(summary.soonestRecoveryMs / 1000));
    const details = {
      model,
      reset_seconds: retryAfterSeconds,
      cooling: summary.cooling,
      blocked: summary.blocked,
      model_unavailable: summary.modelUnavailable,
      upstream_cooling: summary.upstreamCooling,
      recent_statuses: summary.recentStatuses,
    };
    if (allCooling) {
      super(
        'rate_limited',
        429,
        `Every credential for model '${model}' is cooling down after rate limits; retry in ${retryAfterSeconds} s.`,
        { retryAfterSeconds, wireCode: 'model_cooldown', details, retryable: true },
      );
    } else {
      super(
        'upstream_error',
        503,
        `No credential for model '${model}' is available: ${summary.blocked} blocked, ${summary.cooling} cooling down, ` +
          `${summary.modelUnavailable} without the model, ${summary.upstreamCooling} on an upstream that is cooling down.` +
          (lastUpstreamMessage === undefined ? '' : ` Last upstream answer: ${lastUpstreamMessage}`),
        { retryAfterSeconds, wireCode: 'auth_unavailable', details },
      );
    }
    this.name = 'CredentialsUnavailableError';
    this.soonestRecoveryMs = summary.soonestRecoveryMs;
  }
}
