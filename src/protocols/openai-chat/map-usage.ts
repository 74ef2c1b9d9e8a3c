import type { IrUsage } from '../../ir/usage.js';
import type { OpenAIChatUsage } from './wire-upstream.js';

/** `usage` as this gateway sends it to OpenAI-format clients (reference: `CompletionUsage`). */
export type OpenAIChatUsageBody = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  completion_tokens_details?: { reasoning_tokens: number };
};

function tokens(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Upstream `usage` → IR usage. OpenAI's `prompt_tokens` includes cached tokens and the IR's
 * `inputTokens` does not (Anthropic's convention), so
 * `inputTokens = prompt_tokens − cached − cache_write` (never below 0).
 *
 * | IR                         | OpenAI                                                          |
 * |----------------------------|-----------------------------------------------------------------|
 * | `inputTokens`              | `prompt_tokens` − cache read − cache write                      |
 * | `cacheReadInputTokens`     | `prompt_tokens_details.cached_tokens` (else DeepSeek            |
 * |                            | `prompt_cache_hit_tokens`, else Moonshot `cached_tokens`)        |
 * | `cacheCreationInputTokens` | `prompt_tokens_details.cache_write_tokens`                      |
 * | `outputTokens`             | `completion_tokens`                                             |
 * | `reasoningTokens`          | `completion_tokens_details.reasoning_tokens`                    |
 *
 * Source: OpenAI API reference, "The chat completion object" (`usage`); openai-node `CompletionUsage`.
 * @param usage the upstream's usage object
 */
export function decodeOpenAIChatUsage(usage: OpenAIChatUsage): IrUsage {
  const prompt = tokens(usage.prompt_tokens);
  const cacheRead = tokens(
    usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cached_tokens,
  );
  const cacheWrite = tokens(usage.prompt_tokens_details?.cache_write_tokens);
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  const result: IrUsage = {
    inputTokens: Math.max(0, prompt - cacheRead - cacheWrite),
    outputTokens: tokens(usage.completion_tokens),
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheWrite,
  };
  return typeof reasoning === 'number' ? { ...result, reasoningTokens: tokens(reasoning) } : result;
}

/**
 * IR usage → OpenAI `usage`: `prompt_tokens = inputTokens + cacheRead + cacheCreation`,
 * `cached_tokens = cacheRead`, `completion_tokens = outputTokens`, `total_tokens` their sum;
 * `cache_write_tokens` only when non-zero, `completion_tokens_details` only when reasoning tokens
 * are known. Inverse of `decodeOpenAIChatUsage`.
 */
export function encodeOpenAIChatUsage(usage: IrUsage): OpenAIChatUsageBody {
  const prompt = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
  const body: OpenAIChatUsageBody = {
    prompt_tokens: prompt,
    completion_tokens: usage.outputTokens,
    total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadInputTokens },
  };
  if (usage.cacheCreationInputTokens > 0) {
    body.prompt_tokens_details.cache_write_tokens = usage.cacheCreationInputTokens;
  }
  if (usage.reasoningTokens !== undefined) {
    body.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return body;
}
