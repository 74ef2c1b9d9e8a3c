import { EMPTY_IR_USAGE, type IrUsage } from '../../ir/usage.js';
import { isJsonObject } from './json-value.js';
import type { AnthropicUsage } from './wire.js';

/** The `usage` keys that map onto `IrUsage` counts. */
export const ANTHROPIC_USAGE_COUNT_KEYS: ReadonlySet<string> = new Set([
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
]);

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/**
 * Reads the token counts an Anthropic `usage` object reports (tokens, integers ≥ 0). Counts that
 * are absent, `null` or not numbers are left out, so the result can be merged over earlier totals.
 * `output_tokens_details.thinking_tokens` becomes `reasoningTokens`.
 * Source: Anthropic API reference, "Messages" (response `usage`) and "Streaming Messages"
 * (`message_start.message.usage`, cumulative `message_delta.usage`).
 * @param usage the wire value (any shape; not an object → `{}`)
 */
export function decodeAnthropicUsageCounts(usage: unknown): Partial<IrUsage> {
  if (!isJsonObject(usage)) return {};
  const counts: { -readonly [Key in keyof IrUsage]?: number } = {};
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheCreation = count(usage.cache_creation_input_tokens);
  const details = usage.output_tokens_details;
  const reasoning = isJsonObject(details) ? count(details.thinking_tokens) : undefined;
  if (input !== undefined) counts.inputTokens = input;
  if (output !== undefined) counts.outputTokens = output;
  if (cacheRead !== undefined) counts.cacheReadInputTokens = cacheRead;
  if (cacheCreation !== undefined) counts.cacheCreationInputTokens = cacheCreation;
  if (reasoning !== undefined) counts.reasoningTokens = reasoning;
  return counts;
}

/**
 * Fills the counts a partial usage lacks with zeros.
 * @param usage counts known so far
 */
export function completeIrUsage(usage: Partial<IrUsage>): IrUsage {
  const complete: IrUsage = { ...EMPTY_IR_USAGE, ...definedCounts(usage) };
  return complete;
}

/**
 * Merges newer counts over older ones (Anthropic's counts are cumulative totals: a present
 * count replaces the earlier one, an absent one keeps it).
 */
export function mergeIrUsage(earlier: Partial<IrUsage>, later: Partial<IrUsage>): Partial<IrUsage> {
  return { ...definedCounts(earlier), ...definedCounts(later) };
}

function definedCounts(usage: Partial<IrUsage>): Partial<IrUsage> {
  const counts: { -readonly [Key in keyof IrUsage]?: number } = {};
  // `for…in` over a plain object: its own keys in order, without the pairs `Object.entries` builds.
  for (const key in usage) {
    const value = usage[key as keyof IrUsage];
    if (value !== undefined) counts[key as keyof IrUsage] = value;
  }
  return counts;
}

/**
 * IR usage → the four counts of an Anthropic `usage` object, in the reference's order.
 * Source: Anthropic API reference, "Messages" (response `usage`).
 */
export function encodeAnthropicUsageCounts(usage: IrUsage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
  };
}
