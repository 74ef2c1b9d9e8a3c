/** `CountTokensResponse` as sent to Gemini clients. */
export interface GeminiCountTokensBody {
  /** Tokens the prompt counts (integer). */
  totalTokens: number;
}

/**
 * A token count → Gemini's `countTokens` answer `{totalTokens}` (rounded to an integer, never
 * below 0).
 * Source: Gemini API reference, "Counting tokens" (`models.countTokens` response body).
 * @param totalTokens the count (tokens)
 */
export function encodeGeminiCountTokens(totalTokens: number): GeminiCountTokensBody {
  return { totalTokens: Number.isFinite(totalTokens) ? Math.max(0, Math.round(totalTokens)) : 0 };
}
