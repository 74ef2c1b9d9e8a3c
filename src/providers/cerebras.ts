import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * Cerebras Inference's OpenAI-compatible API (supports `reasoning_effort`; non-standard fields
 * such as `clear_thinking` go in the body as extra fields).
 * Source: https://inference-docs.cerebras.ai/resources/openai
 */
export const cerebrasProvider = defineProvider({
  id: 'cerebras',
  displayName: 'Cerebras',
  format: 'openai-chat',
  defaultBaseUrl: 'https://api.cerebras.ai/v1',
  authStyle: 'bearer',
  keyEnv: 'CEREBRAS_API_KEY',
  keysEnv: 'CEREBRAS_API_KEYS',
  keyUsageLimitEnv: 'CEREBRAS_KEY_USAGE_LIMIT',
  baseUrlEnv: 'CEREBRAS_BASE_URL',
  proxyEnv: 'CEREBRAS_PROXY',
  hosts: ['api.cerebras.ai'],
  countTokens: false,
  maxToolNameLength: DEFAULTS.openAiToolNameMaxLength,
  docs: 'https://inference-docs.cerebras.ai/resources/openai',
});
