import { defineProvider } from './define-provider.js';

/**
 * Fireworks AI through its Anthropic-compatible `/v1/messages` endpoint under `/inference`.
 * Source: https://docs.fireworks.ai/tools-sdks/anthropic-compatibility
 */
export const fireworksProvider = defineProvider({
  id: 'fireworks',
  displayName: 'Fireworks AI',
  format: 'anthropic',
  defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
  authStyle: 'bearer',
  keyEnv: 'FIREWORKS_API_KEY',
  keysEnv: 'FIREWORKS_API_KEYS',
  keyUsageLimitEnv: 'FIREWORKS_KEY_USAGE_LIMIT',
  baseUrlEnv: 'FIREWORKS_BASE_URL',
  proxyEnv: 'FIREWORKS_PROXY',
  hosts: ['api.fireworks.ai'],
  countTokens: false,
  docs: 'https://docs.fireworks.ai/tools-sdks/anthropic-compatibility',
});
