import type { Environment } from './apply-env.js';
import { compileEnvNumber } from './compile-env-number.js';
import { compileSeconds } from './compile-seconds.js';
import type { ConfigIssue } from './config-error.js';
import type { RawTimeouts } from './schema.js';
import type { HttpTimeouts } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** Each timeout's YAML key under `timeouts` and its seed 004 variable, which wins. */
export const TIMEOUT_KEYS: Readonly<Record<keyof HttpTimeouts, { yaml: keyof RawTimeouts; env: string }>> = {
  connectMs: { yaml: 'connect', env: 'HTTP_CONNECT_TIMEOUT' },
  writeMs: { yaml: 'write', env: 'HTTP_WRITE_TIMEOUT' },
  readMs: { yaml: 'read', env: 'HTTP_READ_TIMEOUT' },
};

/** The compiled timeouts with the invalid variables found. */
export interface CompiledTimeouts {
  readonly timeouts: HttpTimeouts;
  /** One per `HTTP_*_TIMEOUT` variable that is not a valid value (file `environment`). */
  readonly issues: ConfigIssue[];
}

/**
 * Compiles the upstream HTTP timeouts, ms (0 = wait forever). Per timeout, the first that applies:
 * - its variable (`HTTP_CONNECT_TIMEOUT`, `HTTP_WRITE_TIMEOUT`, `HTTP_READ_TIMEOUT`, seconds) when
 *   set: blank, `0` or `none` (any case) → 0 (seed 004: "Leave HTTP_READ_TIMEOUT blank, 0, or none
 *   to wait indefinitely"), a number ≥ 0 → ms; anything else is an issue and the file value applies;
 * - its `timeouts` key when present: no value, `""`, `"none"` or 0 → 0, else seconds → ms;
 * - `DEFAULTS.timeouts` (connect and write 10 s, read 10 min).
 * @param raw the validated `timeouts` mapping, if any
 * @param env the environment (an unset variable leaves the file value)
 */
export function compileTimeouts(raw: RawTimeouts | null | undefined, env: Environment): CompiledTimeouts {
  const issues: ConfigIssue[] = [];
  const timeouts: { -readonly [Key in keyof HttpTimeouts]: number } = { ...DEFAULTS.timeouts };
  for (const field of Object.keys(TIMEOUT_KEYS) as (keyof HttpTimeouts)[]) {
    const keys = TIMEOUT_KEYS[field];
    const fromEnv = compileEnvNumber(
      env,
      keys.env,
      {
        integer: false,
        blankMeansForever: true,
        expected: 'a number of seconds, or blank, 0 or none to wait forever',
      },
      issues,
    );
    const fromFile = raw?.[keys.yaml];
    // Absent key: default. No value, "" or "none": 0 (wait forever), like a 0.
    const seconds =
      fromEnv ?? (fromFile === undefined ? undefined : typeof fromFile === 'number' ? fromFile : 0);
    timeouts[field] = compileSeconds(seconds) ?? timeouts[field];
  }
  return { timeouts, issues };
}
