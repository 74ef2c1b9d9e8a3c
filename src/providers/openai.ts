import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * OpenAI's Chat Completions API. `OPENAI_BASE_URL` is honoured as the OpenAI SDKs do; a value
 * pointing at this gateway itself is rejected at load. `OPENAI_RESPONSES=1` makes the
 * `OPENAI_API_KEY` upstream use the Responses API (`{base}/responses`) instead, as
 * `codex-api-key` entries do.
 * Source: https://platform.openai.com/docs/api-reference/chat/create,
 * https://platform.openai.com/docs/api-reference/responses/create
 */
export const openaiProvider = defineProvider({
  id: 'openai',
  displayName: 'OpenAI',
  format: 'openai-chat',
  defaultBaseUrl: 'https://api.openai.com/v1',
  authStyle: 'bearer',
  keyEnv: 'OPENAI_API_KEY',
  keysEnv: 'OPENAI_API_KEYS',
  keyUsageLimitEnv: 'OPENAI_KEY_USAGE_LIMIT',
  baseUrlEnv: 'OPENAI_BASE_URL',
  proxyEnv: 'OPENAI_PROXY',
  responsesEnv: 'OPENAI_RESPONSES',
  hosts: ['api.openai.com'],
  countTokens: false,
  maxToolNameLength: DEFAULTS.openAiToolNameMaxLength,
  docs: 'https://platform.openai.com/docs/api-reference/chat/create',
});
