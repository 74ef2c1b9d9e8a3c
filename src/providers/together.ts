import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * Together AI's OpenAI-compatible API; model ids are `vendor/model` (seed 004). The docs now show
 * `api.together.ai`; seed 004's `api.together.xyz` stays the default and both hosts are recognised.
 * Source: https://docs.together.ai/docs/inference/openai-compatibility
 */
export const togetherProvider = defineProvider({
  id: 'together',
  displayName: 'Together AI',
  format: 'openai-chat',
  defaultBaseUrl: 'https://api.together.xyz/v1',
  authStyle: 'bearer',
  keyEnv: 'TOGETHER_API_KEY',
  keysEnv: 'TOGETHER_API_KEYS',
  keyUsageLimitEnv: 'TOGETHER_KEY_USAGE_LIMIT',
  baseUrlEnv: 'TOGETHER_BASE_URL',
  proxyEnv: 'TOGETHER_PROXY',
  hosts: ['api.together.xyz', 'api.together.ai'],
  countTokens: false,
  maxToolNameLength: DEFAULTS.openAiToolNameMaxLength,
  docs: 'https://docs.together.ai/docs/inference/openai-compatibility',
});
