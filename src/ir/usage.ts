/**
 * Token usage (tokens, integers ≥ 0). `inputTokens` excludes cached tokens, as Anthropic counts
 * them; OpenAI's `prompt_tokens` includes `cached_tokens`, so its mapper subtracts them.
 */
export interface IrUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheCreationInputTokens: number;
  /** Reasoning tokens inside `outputTokens`, when the provider reports them. */
  readonly reasoningTokens?: number | undefined;
}

/** Zero usage. */
export const EMPTY_IR_USAGE: IrUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
};
