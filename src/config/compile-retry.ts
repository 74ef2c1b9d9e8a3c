import type { Environment } from './apply-env.js';
import { compileEnvNumber } from './compile-env-number.js';
import { compileSeconds } from './compile-seconds.js';
import type { ConfigIssue } from './config-error.js';
import type { RawConfig } from './schema.js';
import type { SwitchboardConfig } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** Seed 004's retry variables, which win over the file's keys. */
export const RETRY_ENV = {
  /** Extra attempts, a whole number (over `request-retry`). */
  requestRetry: 'PROVIDER_MAX_RETRIES',
  /** Longest retry delay, seconds (over `max-retry-interval`). */
  maxRetryInterval: 'PROVIDER_RETRY_MAX_DELAY',
  /** First backoff delay, seconds (over `retry-base-delay`). */
  retryBaseDelay: 'PROVIDER_RETRY_BASE_DELAY',
} as const;

/** The retry settings of a config. */
export type RetrySettings = Pick<
  SwitchboardConfig,
  'requestRetry' | 'maxRetryIntervalMs' | 'retryBaseDelayMs'
>;

/** The compiled retry settings with the invalid variables found. */
export interface CompiledRetry {
  readonly retry: RetrySettings;
  /** One per `PROVIDER_*` retry variable that is not a valid value (file `environment`). */
  readonly issues: ConfigIssue[];
}

/**
 * Compiles the retry settings: `requestRetry` (count) from `PROVIDER_MAX_RETRIES`, else
 * `request-retry`, else 3; `maxRetryIntervalMs` from `PROVIDER_RETRY_MAX_DELAY` (seconds), else
 * `max-retry-interval` (seconds), else 30 s; `retryBaseDelayMs` from `PROVIDER_RETRY_BASE_DELAY`
 * (seconds), else `retry-base-delay` (seconds), else 0.5 s. A blank variable counts as unset.
 * @param raw the validated file (only its three retry keys are read)
 * @param env the environment
 * @returns the settings (seconds converted to ms) and one issue per variable that is not a whole
 *   number (`PROVIDER_MAX_RETRIES`) or a number of seconds ≥ 0 (the other two)
 */
export function compileRetry(
  raw: Pick<RawConfig, 'request-retry' | 'max-retry-interval' | 'retry-base-delay'>,
  env: Environment,
): CompiledRetry {
  const issues: ConfigIssue[] = [];
  const seconds = { integer: false, expected: 'a number of seconds (at least 0)' };
  const requestRetry = compileEnvNumber(
    env,
    RETRY_ENV.requestRetry,
    { integer: true, expected: 'a whole number of extra attempts' },
    issues,
  );
  const maxDelay = compileEnvNumber(env, RETRY_ENV.maxRetryInterval, seconds, issues);
  const baseDelay = compileEnvNumber(env, RETRY_ENV.retryBaseDelay, seconds, issues);
  const retry: RetrySettings = {
    requestRetry: requestRetry ?? raw['request-retry'] ?? DEFAULTS.requestRetry,
    maxRetryIntervalMs: compileSeconds(maxDelay ?? raw['max-retry-interval']) ?? DEFAULTS.maxRetryIntervalMs,
    retryBaseDelayMs: compileSeconds(baseDelay ?? raw['retry-base-delay']) ?? DEFAULTS.retryBaseDelayMs,
  };
  return { retry, issues };
}
