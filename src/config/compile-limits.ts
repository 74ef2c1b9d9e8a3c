import type { Environment } from './apply-env.js';
import { compileEnvNumber } from './compile-env-number.js';
import { compileSeconds } from './compile-seconds.js';
import type { ConfigIssue } from './config-error.js';
import type { RawLimitFields, RawProviderLimits } from './schema.js';
import type { UpstreamLimits } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** Seed 004's traffic-limit variables, which win over `provider-limits` (not over an entry's keys). */
export const LIMITS_ENV = {
  /** Requests per window, a whole number (0 = no limit). */
  rateLimit: 'PROVIDER_RATE_LIMIT',
  /** Window length, seconds > 0. */
  rateWindow: 'PROVIDER_RATE_WINDOW',
  /** Requests in flight, a whole number (0 = no limit). */
  maxConcurrency: 'PROVIDER_MAX_CONCURRENCY',
} as const;

/** The global limits with the invalid variables found. */
export interface CompiledProviderLimits {
  /** The limits of every upstream that sets none of its own. */
  readonly limits: UpstreamLimits;
  /** One per invalid `PROVIDER_*` variable (file `environment`). */
  readonly issues: ConfigIssue[];
}

/**
 * Compiles the global traffic limits (seed 004): `DEFAULTS.limits`, then the file's
 * `provider-limits` (`rate-limit`, `rate-window` seconds → ms, `max-concurrency`, `queue-size`,
 * `queue-timeout` seconds → ms), then the `PROVIDER_RATE_LIMIT`, `PROVIDER_RATE_WINDOW` (seconds)
 * and `PROVIDER_MAX_CONCURRENCY` variables when set and not blank.
 * @param raw the validated `provider-limits` mapping, if any
 * @param env the environment
 * @returns the limits (`DEFAULTS.limits` itself when nothing is set) and one issue per variable
 *   that is not a valid value (`PROVIDER_RATE_LIMIT` / `PROVIDER_MAX_CONCURRENCY`: a whole number;
 *   `PROVIDER_RATE_WINDOW`: a number of seconds greater than 0)
 */
export function compileProviderLimits(
  raw: RawProviderLimits | null | undefined,
  env: Environment,
): CompiledProviderLimits {
  const issues: ConfigIssue[] = [];
  const rateLimit = compileEnvNumber(
    env,
    LIMITS_ENV.rateLimit,
    { integer: true, expected: 'a whole number of requests per window (0 = no limit)' },
    issues,
  );
  const rateWindow = compileEnvNumber(
    env,
    LIMITS_ENV.rateWindow,
    { integer: false, positive: true, expected: 'a number of seconds greater than 0' },
    issues,
  );
  const maxConcurrency = compileEnvNumber(
    env,
    LIMITS_ENV.maxConcurrency,
    { integer: true, expected: 'a whole number of requests in flight (0 = no limit)' },
    issues,
  );
  let limits = applyEntryLimits(DEFAULTS.limits, raw ?? {});
  if (raw?.['queue-size'] != null || raw?.['queue-timeout'] != null) {
    limits = {
      ...limits,
      queueSize: raw['queue-size'] ?? limits.queueSize,
      queueTimeoutMs: compileSeconds(raw['queue-timeout']) ?? limits.queueTimeoutMs,
    };
  }
  limits = applyEntryLimits(limits, {
    'rate-limit': rateLimit,
    'rate-window': rateWindow,
    'max-concurrency': maxConcurrency,
  });
  return { limits, issues };
}

/**
 * An upstream's limits: `base` (the global limits) with the entry's own `rate-limit`,
 * `rate-window` (seconds → ms, at least 1 ms) and `max-concurrency` over it; the queue settings
 * stay global.
 * @param base the limits the entry starts from
 * @param entry the entry's limit keys (validated: counts ≥ 0, window > 0)
 * @returns `base` itself when the entry sets none of the keys, else a new object
 */
export function applyEntryLimits(base: UpstreamLimits, entry: RawLimitFields): UpstreamLimits {
  const rateWindowMs = compileSeconds(entry['rate-window']);
  if (entry['rate-limit'] == null && rateWindowMs === undefined && entry['max-concurrency'] == null) {
    return base;
  }
  return {
    ...base,
    rateLimit: entry['rate-limit'] ?? base.rateLimit,
    rateWindowMs: rateWindowMs === undefined ? base.rateWindowMs : Math.max(1, rateWindowMs),
    maxConcurrency: entry['max-concurrency'] ?? base.maxConcurrency,
  };
}
