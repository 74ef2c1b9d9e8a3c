import type { IrUsage } from '../../ir/usage.js';
import type { GeminiUsageMetadata } from './wire.js';

/** `usageMetadata` as this gateway sends it to Gemini clients (token counts, integers). */
export interface GeminiUsageMetadataBody {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

function tokens(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Upstream `usageMetadata` → IR usage. Gemini's `promptTokenCount` includes the cached tokens
 * (`cachedContentTokenCount`) and the IR's `inputTokens` does not (Anthropic's convention);
 * thinking tokens are counted apart from `candidatesTokenCount` and are part of the IR's output.
 *
 * | IR                         | Gemini                                                         |
 * |----------------------------|----------------------------------------------------------------|
 * | `inputTokens`              | `promptTokenCount` − `cachedContentTokenCount` + `toolUsePromptTokenCount` (never below 0) |
 * | `cacheReadInputTokens`     | `cachedContentTokenCount`                                      |
 * | `cacheCreationInputTokens` | 0 (Gemini reports no cache writes)                             |
 * | `outputTokens`             | `candidatesTokenCount` + `thoughtsTokenCount`                  |
 * | `reasoningTokens`          | `thoughtsTokenCount`, when present                             |
 *
 * Source: Gemini API reference, "Generating content" (`UsageMetadata`: "When cachedContent is set,
 * this is still the total effective prompt size meaning this includes the number of tokens in the
 * cached content"; `totalTokenCount` = prompt + candidates + tool-use prompt + thoughts).
 */
export function decodeGeminiUsage(usage: GeminiUsageMetadata): IrUsage {
  const cached = tokens(usage.cachedContentTokenCount);
  const thoughts = usage.thoughtsTokenCount;
  const result: IrUsage = {
    inputTokens: Math.max(0, tokens(usage.promptTokenCount) - cached) + tokens(usage.toolUsePromptTokenCount),
    outputTokens: tokens(usage.candidatesTokenCount) + tokens(thoughts),
    cacheReadInputTokens: cached,
    cacheCreationInputTokens: 0,
  };
  return typeof thoughts === 'number' ? { ...result, reasoningTokens: tokens(thoughts) } : result;
}

/**
 * IR usage → `usageMetadata` for a Gemini client; the inverse of `decodeGeminiUsage`:
 * `promptTokenCount` = input + cache read + cache creation; `candidatesTokenCount` = output −
 * reasoning; `thoughtsTokenCount` = reasoning (only when known and non-zero, as the API omits
 * it); `cachedContentTokenCount` = cache read (only when non-zero); `totalTokenCount` = prompt +
 * output.
 * Source: Gemini API reference, "Generating content" (`UsageMetadata`).
 */
export function encodeGeminiUsage(usage: IrUsage): GeminiUsageMetadataBody {
  const prompt = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const body: GeminiUsageMetadataBody = {
    promptTokenCount: prompt,
    candidatesTokenCount: usage.outputTokens - reasoning,
    totalTokenCount: prompt + usage.outputTokens,
  };
  if (usage.cacheReadInputTokens > 0) body.cachedContentTokenCount = usage.cacheReadInputTokens;
  if (reasoning > 0) body.thoughtsTokenCount = reasoning;
  return body;
}
