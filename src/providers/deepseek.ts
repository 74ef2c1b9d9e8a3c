import { defineProvider } from './define-provider.js';

/**
 * DeepSeek through its Anthropic-compatible endpoint (seed 004: "not the OpenAI chat-completions
 * endpoint"). Thinking mode requires `reasoning_content` back on tool-call turns.
 * Sources: https://api-docs.deepseek.com/guides/anthropic_api (endpoint),
 * https://api-docs.deepseek.com/guides/thinking_mode (reasoning replay),
 * https://api-docs.deepseek.com/quick_start/pricing (output limits).
 */
export const deepseekProvider = defineProvider({
  id: 'deepseek',
  displayName: 'DeepSeek',
  format: 'anthropic',
  defaultBaseUrl: 'https://api.deepseek.com/anthropic',
  authStyle: 'bearer',
  keyEnv: 'DEEPSEEK_API_KEY',
  keysEnv: 'DEEPSEEK_API_KEYS',
  keyUsageLimitEnv: 'DEEPSEEK_KEY_USAGE_LIMIT',
  baseUrlEnv: 'DEEPSEEK_BASE_URL',
  proxyEnv: 'DEEPSEEK_PROXY',
  hosts: ['api.deepseek.com'],
  countTokens: false,
  replayReasoning: true,
  // "Models & Pricing" table, MAX OUTPUT: deepseek-chat "MAXIMUM: 8K" (the API's valid range is
  // [1, 8192]); deepseek-reasoner "MAXIMUM: 64K" (64 × 1024).
  maxOutputTokens: { 'deepseek-chat': 8192, 'deepseek-reasoner': 65_536 },
  docs: 'https://api-docs.deepseek.com/guides/anthropic_api',
  quirks: ['caps max_tokens at 8k for deepseek-chat'],
});
