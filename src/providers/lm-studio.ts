import { defineProvider } from './define-provider.js';

/**
 * LM Studio's local server, Anthropic-compatible `POST /v1/messages`; no key unless "Require
 * Authentication" is on (then x-api-key or Bearer).
 * Source: https://lmstudio.ai/docs/developer/anthropic-compat
 */
export const lmStudioProvider = defineProvider({
  id: 'lmstudio',
  displayName: 'LM Studio',
  format: 'anthropic',
  defaultBaseUrl: 'http://localhost:1234/v1',
  authStyle: 'none',
  baseUrlEnv: 'LM_STUDIO_BASE_URL',
  proxyEnv: 'LMSTUDIO_PROXY',
  localPort: 1234,
  countTokens: false,
  docs: 'https://lmstudio.ai/docs/developer/anthropic-compat',
  quirks: ['answers "No models loaded" until a model is loaded (lms load)'],
});
