import type { Environment } from './apply-env.js';
import type { ConfigIssue } from './config-error.js';
import { isNoTimeoutWord } from './schema-fields.js';

/** How {@link compileEnvNumber} reads one numeric environment variable. */
export interface EnvNumberRule {
  /** Whole numbers only (counts, retries); else decimals too (`0.5` seconds). */
  readonly integer: boolean;
  /** Refuse 0 (a window length); negative values are always refused. */
  readonly positive?: boolean | undefined;
  /**
   * A timeout: blank, `0` or `none` (any case) mean "wait forever" and read as 0. Otherwise a
   * blank variable counts as unset.
   */
  readonly blankMeansForever?: boolean | undefined;
  /** What a valid value is, for the issue: `expected <expected>, found "<value>"`. */
  readonly expected: string;
}

const WHOLE_NUMBER = /^\d+$/;
const DECIMAL_NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Reads a numeric environment variable (seed 004's `PROVIDER_*`, `HTTP_*_TIMEOUT`), in the
 * variable's own unit (the caller converts seconds to ms). Surrounding whitespace is ignored.
 * Only plain decimal digits are accepted (no sign, exponent or hex).
 * @param env the environment
 * @param variable the variable's name; it names the issue's path
 * @param rule the accepted values
 * @param issues where an invalid value adds an issue (file `environment`, path = `variable`)
 * @returns the number; `undefined` when the variable is unset, blank (unless
 *   `rule.blankMeansForever`, then 0) or invalid
 */
export function compileEnvNumber(
  env: Environment,
  variable: string,
  rule: EnvNumberRule,
  issues: ConfigIssue[],
): number | undefined {
  const text = env[variable]?.trim();
  if (text === undefined) return undefined;
  if (rule.blankMeansForever === true && isNoTimeoutWord(text)) return 0;
  if (text === '') return undefined;
  const value = Number(text);
  const valid =
    (rule.integer ? WHOLE_NUMBER.test(text) && Number.isSafeInteger(value) : DECIMAL_NUMBER.test(text)) &&
    Number.isFinite(value) &&
    (rule.positive !== true || value > 0);
  if (valid) return value;
  issues.push({
    file: 'environment',
    path: variable,
    message: `expected ${rule.expected}, found ${JSON.stringify(text)}`,
  });
  return undefined;
}
