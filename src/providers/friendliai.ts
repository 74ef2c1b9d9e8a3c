import { defineProvider } from './define-provider.js';

/**
 * FriendliAI serverless endpoints, reached with the Anthropic Messages format (seed 004).
 * Source: https://friendli.ai/docs
 */
export const friendliAiProvider = defineProvider({
  id: 'friendliai',
  displayName: 'FriendliAI',
  format: 'anthropic',
  defaultBaseUrl: 'https://api.friendli.ai/serverless/v1',
  authStyle: 'bearer',
  keyEnv: 'FRIENDLIAI_API_KEY',
  keysEnv: 'FRIENDLIAI_API_KEYS',
  keyUsageLimitEnv: 'FRIENDLIAI_KEY_USAGE_LIMIT',
  baseUrlEnv: 'FRIENDLIAI_BASE_URL',
  proxyEnv: 'FRIENDLIAI_PROXY',
  hosts: ['api.friendli.ai'],
  countTokens: false,
  docs: 'https://friendli.ai/docs',
});
