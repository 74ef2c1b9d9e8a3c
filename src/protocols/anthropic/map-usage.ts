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
 * `input_tokens`): `input_tokens` and `output_tokens` become integers, taken from `fallback` when
 * absent or not numbers; other fields are kept. Records the counts into `record`.
 * Source: Anthropic API reference, "Messages" response `usage`.
 * @param usage the upstream's `usage` value (any shape)
 * @param record updated in place with the counts found
 * @returns the repaired object, and whether it differs from the input
 */
export function repairAnthropicUsage(
  usage: unknown,
  record: TokenUsage,
): { usage: AnthropicUsage; changed: boolean } {
  const source = typeof usage === 'object' && usage !== null && !Array.isArray(usage) ? usage : {};
  const fields = source as Record<string, unknown>;
  const input = count(fields.input_tokens);
  const output = count(fields.output_tokens);
  const cacheRead = count(fields.cache_read_input_tokens);
  const cacheCreation = count(fields.cache_creation_input_tokens);
  if (input !== undefined) record.inputTokens = input;
  if (output !== undefined) record.outputTokens = output;
  if (cacheRead !== undefined) record.cacheReadInputTokens = cacheRead;
  if (cacheCreation !== undefined) record.cacheCreationInputTokens = cacheCreation;
  const changed = source !== usage || input !== fields.input_tokens || output !== fields.output_tokens;
  if (!changed) return { usage: source as AnthropicUsage, changed: false };
  return {
    usage: {
      ...fields,
      input_tokens: input ?? record.inputTokens,
      output_tokens: output ?? record.outputTokens,
    },
    changed: true,
  };
}
