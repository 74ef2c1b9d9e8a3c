import { defineProvider } from './define-provider.js';

/**
 * Ollama's Anthropic-compatible `/v1/messages` (v0.14.0 and later); no key locally.
 * Source: https://docs.ollama.com/api/anthropic-compatibility
 */
export const ollamaProvider = defineProvider({
  id: 'ollama',
  displayName: 'Ollama',
  format: 'anthropic',
  defaultBaseUrl: 'http://localhost:11434',
  authStyle: 'none',
  baseUrlEnv: 'OLLAMA_BASE_URL',
  proxyEnv: 'OLLAMA_PROXY',
  localPort: 11434,
  countTokens: false,
  docs: 'https://docs.ollama.com/api/anthropic-compatibility',
  quirks: ['base URL is the server root: do not append /v1'],
});
