import type { AnthropicUsage } from './wire.js';

/** Token counts of one response, as the gateway records them (tokens, integers ≥ 0). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

/** A zeroed usage record. */
export function emptyTokenUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/**
 * Makes an upstream's `usage` well-formed for clients (Claude Code crashes on a missing
 * `input_tokens`): the required counts become integers, taken from `record` (what the stream
 * reported so far) when absent or not numbers; other fields are kept. Records the counts found.
 * `message_start` and whole messages require `input_tokens` and `output_tokens`; `message_delta`
 * requires only `output_tokens` (its `usage` carries the cumulative output count).
 * Source: Anthropic API reference, "Messages" response `usage`; "Streaming Messages" event flow.
 * @param usage the upstream's `usage` value (any shape)
 * @param record updated in place with the counts found
 * @param requireInputTokens whether a missing `input_tokens` must be filled in
 * @returns the repaired object, and whether it differs from the input
 */
export function repairAnthropicUsage(
  usage: unknown,
  record: TokenUsage,
  requireInputTokens = true,
): { usage: AnthropicUsage; changed: boolean } {
  const isObject = typeof usage === 'object' && usage !== null && !Array.isArray(usage);
  const fields = (isObject ? usage : {}) as Record<string, unknown>;
  const input = count(fields.input_tokens);
  const output = count(fields.output_tokens);
  const cacheRead = count(fields.cache_read_input_tokens);
  const cacheCreation = count(fields.cache_creation_input_tokens);
  if (input !== undefined) record.inputTokens = input;
  if (output !== undefined) record.outputTokens = output;
  if (cacheRead !== undefined) record.cacheReadInputTokens = cacheRead;
  if (cacheCreation !== undefined) record.cacheCreationInputTokens = cacheCreation;
  const inputWellFormed =
    input !== undefined ? input === fields.input_tokens : !requireInputTokens && !('input_tokens' in fields);
  const changed = !isObject || !inputWellFormed || output !== fields.output_tokens;
  if (!changed) return { usage: fields as AnthropicUsage, changed: false };
  const repaired: AnthropicUsage = {
    ...fields,
    output_tokens: output ?? record.outputTokens,
  } as AnthropicUsage;
  if (requireInputTokens || 'input_tokens' in fields) repaired.input_tokens = input ?? record.inputTokens;
  return { usage: repaired, changed: true };
}
