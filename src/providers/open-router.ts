import { defineProvider } from './define-provider.js';

/**
 * OpenRouter through its Anthropic-compatible Messages endpoint (seed 004 transport "Anthropic
 * Messages", default base URL `https://openrouter.ai/api/v1`).
 * Source: https://openrouter.ai/docs
 */
export const openRouterProvider = defineProvider({
  id: 'open_router',
  displayName: 'OpenRouter',
  format: 'anthropic',
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  authStyle: 'bearer',
  keyEnv: 'OPENROUTER_API_KEY',
  keysEnv: 'OPENROUTER_API_KEYS',
  keyUsageLimitEnv: 'OPENROUTER_KEY_USAGE_LIMIT',
  baseUrlEnv: 'OPENROUTER_BASE_URL',
  proxyEnv: 'OPENROUTER_PROXY',
  hosts: ['openrouter.ai'],
  countTokens: false,
  docs: 'https://openrouter.ai/docs',
});
