import { defineProvider } from './define-provider.js';

/**
 * Anthropic's Messages API: the default upstream of a `claude-api-key` entry with no `base-url`.
 * No `ANTHROPIC_BASE_URL` override on purpose: Claude Code reads that variable to find the
 * gateway, so honouring it here would usually point the gateway at itself.
 * Source: https://platform.claude.com/docs/en/api/messages
 */
export const anthropicProvider = defineProvider({
  id: 'anthropic',
  displayName: 'Anthropic',
  format: 'anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  authStyle: 'x-api-key',
  keyEnv: 'ANTHROPIC_API_KEY',
  keysEnv: 'ANTHROPIC_API_KEYS',
  keyUsageLimitEnv: 'ANTHROPIC_KEY_USAGE_LIMIT',
  proxyEnv: 'ANTHROPIC_PROXY',
  hosts: ['api.anthropic.com'],
  countTokens: true,
  docs: 'https://platform.claude.com/docs/en/api/messages',
});
