import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrEffort, IrThinking } from '../../ir/request.js';
import { restOf, type SplitField } from './decode-tools.js';
import { isJsonObject, isStringArray, pickUnknownKeys, type JsonObject } from './json-value.js';

/** The efforts Anthropic accepts (reference "Messages", `output_config.effort`). */
const EFFORTS: ReadonlySet<string> = new Set<IrEffort>(['low', 'medium', 'high', 'xhigh', 'max']);

function isEffort(value: unknown): value is IrEffort {
  return typeof value === 'string' && EFFORTS.has(value);
}

function invalid(path: string, problem: string): InvalidRequestError {
  return new InvalidRequestError(`Request body is not a Messages request: ${path}: ${problem}`);
}

/**
 * Reads an optional number field (`temperature`, `top_p`, `top_k`).
 * Source: Anthropic API reference, "Messages" (sampling parameters).
 * @throws InvalidRequestError naming the field when it is present and not a finite number
 */
export function readOptionalNumber(body: JsonObject, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'expected a number');
  return value;
}

/**
 * Reads `stop_sequences`.
 * @throws InvalidRequestError when it is present and not an array of strings
 */
export function readStopSequences(body: JsonObject): string[] {
  const value = body.stop_sequences;
  if (value === undefined) return [];
  if (!isStringArray(value)) throw invalid('stop_sequences', 'expected an array of strings');
  return value;
}

/**
 * Splits `thinking`: `{type: "enabled", budget_tokens}`, `{type: "adaptive"}` and
 * `{type: "disabled"}` go to the IR, their other fields (`display`, …) to `rest`; another type
 * (`between_tools`, newer ones) or shape is kept whole in `rest`.
 * Source: Anthropic API reference, "Messages" (`thinking`).
 */
export function splitThinking(value: unknown): SplitField<IrThinking> {
  if (!isJsonObject(value)) return { rest: value };
  const rest = pickUnknownKeys(value, THINKING_KEYS);
  switch (value.type) {
    case 'enabled': {
      const budget = value.budget_tokens;
      if (typeof budget !== 'number' || !Number.isFinite(budget)) return { rest: value };
      return { value: { type: 'enabled', budgetTokens: budget }, ...restOf(rest) };
    }
    case 'adaptive':
    case 'disabled':
      if ('budget_tokens' in value) rest.budget_tokens = value.budget_tokens;
      return { value: { type: value.type === 'adaptive' ? 'adaptive' : 'disabled' }, ...restOf(rest) };
    default:
      return { rest: value };
  }
}

const THINKING_KEYS: ReadonlySet<string> = new Set(['type', 'budget_tokens']);
const EFFORT_KEYS: ReadonlySet<string> = new Set(['effort']);
const METADATA_KEYS: ReadonlySet<string> = new Set(['user_id']);

/**
 * Splits `output_config`: an `effort` Anthropic accepts (low, medium, high, xhigh, max) goes to the IR, the other fields (`format`, …) to
 * `rest`. Without a known effort the whole value is kept in `rest`.
 * Source: Anthropic API reference, "Messages" (`output_config.effort`).
 */
export function splitOutputConfig(value: unknown): SplitField<IrEffort> {
  if (!isJsonObject(value) || !isEffort(value.effort)) return { rest: value };
  return { value: value.effort, ...restOf(pickUnknownKeys(value, EFFORT_KEYS)) };
}

/**
 * Splits `metadata`: a string `user_id` goes to the IR, other fields to `rest`. Without one the
 * whole value is kept in `rest`.
 * Source: Anthropic API reference, "Messages" (`metadata.user_id`).
 */
export function splitMetadata(value: unknown): SplitField<string> {
  if (!isJsonObject(value) || typeof value.user_id !== 'string') return { rest: value };
  return { value: value.user_id, ...restOf(pickUnknownKeys(value, METADATA_KEYS)) };
}
