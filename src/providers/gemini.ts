import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * Google's Gemini API (Generative Language API): `POST {base}/v1beta/models/{model}:generateContent`
 * (`:streamGenerateContent?alt=sse` when streaming), the key in `x-goog-api-key`. The upstream of
 * a `gemini-api-key` entry and of `GEMINI_API_KEY`; `GEMINI_BASE_URL` points it at a relay.
 * Function names: at most 64 characters (`FunctionDeclaration.name`, see
 * `DEFAULTS.geminiToolNameMaxLength`). No Anthropic-style `count_tokens` (Gemini's own
 * `countTokens` method has another shape), so tokens are counted locally.
 * Source: https://ai.google.dev/api/generate-content, https://ai.google.dev/gemini-api/docs/api-key
 */
export const geminiProvider = defineProvider({
  id: 'gemini',
  displayName: 'Google Gemini',
  format: 'gemini',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  authStyle: 'x-goog-api-key',
  keyEnv: 'GEMINI_API_KEY',
  keysEnv: 'GEMINI_API_KEYS',
  keyUsageLimitEnv: 'GEMINI_KEY_USAGE_LIMIT',
  baseUrlEnv: 'GEMINI_BASE_URL',
  proxyEnv: 'GEMINI_PROXY',
  hosts: ['generativelanguage.googleapis.com'],
  countTokens: false,
  maxToolNameLength: DEFAULTS.geminiToolNameMaxLength,
  docs: 'https://ai.google.dev/api/generate-content',
});
