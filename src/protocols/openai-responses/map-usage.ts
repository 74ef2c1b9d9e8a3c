import type { IrUsage } from '../../ir/usage.js';
import type { OpenAIResponsesUsage } from './wire-upstream.js';

/** `usage` as this gateway sends it to Responses clients (reference: `ResponseUsage`). */
export type OpenAIResponsesUsageBody = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

function tokens(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Upstream `usage` → IR usage. `input_tokens` includes the cached tokens and the IR's
 * `inputTokens` does not (Anthropic's convention), so `inputTokens = input − cached − written`
 * (never below 0).
 *
 * | IR                         | Responses                                            |
 * |----------------------------|------------------------------------------------------|
 * | `inputTokens`              | `input_tokens` − `cached_tokens` − `cache_write_tokens` |
 * | `cacheReadInputTokens`     | `input_tokens_details.cached_tokens`                 |
 * | `cacheCreationInputTokens` | `input_tokens_details.cache_write_tokens`            |
 * | `outputTokens`             | `output_tokens` (reasoning included)                 |
 * | `reasoningTokens`          | `output_tokens_details.reasoning_tokens`             |
 *
 * Source: OpenAI API reference, "The response object" (`usage`); openai-node `ResponseUsage`.
 */
export function decodeOpenAIResponsesUsage(usage: OpenAIResponsesUsage): IrUsage {
  const cacheRead = tokens(usage.input_tokens_details?.cached_tokens);
  const cacheWrite = tokens(usage.input_tokens_details?.cache_write_tokens);
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  const result: IrUsage = {
    inputTokens: Math.max(0, tokens(usage.input_tokens) - cacheRead - cacheWrite),
    outputTokens: tokens(usage.output_tokens),
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheWrite,
  };
  return typeof reasoning === 'number' ? { ...result, reasoningTokens: tokens(reasoning) } : result;
}

/**
 * IR usage → Responses `usage`: `input_tokens = inputTokens + cacheRead + cacheCreation`,
 * `cached_tokens = cacheRead` (`cache_write_tokens` only when non-zero), `output_tokens`,
 * `reasoning_tokens` (0 when unknown: the field is required), `total_tokens` their sum. Inverse of
 * `decodeOpenAIResponsesUsage`.
 */
export function encodeOpenAIResponsesUsage(usage: IrUsage): OpenAIResponsesUsageBody {
  const input = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
  const body: OpenAIResponsesUsageBody = {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + usage.outputTokens,
  };
  if (usage.cacheCreationInputTokens > 0) {
    body.input_tokens_details.cache_write_tokens = usage.cacheCreationInputTokens;
  }
  return body;
}
