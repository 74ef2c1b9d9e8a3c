import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * NVIDIA NIM (build.nvidia.com): hosted models behind an OpenAI Chat Completions endpoint with
 * Bearer keys (`nvapi-…`). Seed 004's default provider.
 * Source: https://docs.api.nvidia.com/nim/
 */
export const nvidiaNimProvider = defineProvider({
  id: 'nvidia_nim',
  displayName: 'NVIDIA NIM',
  format: 'openai-chat',
  defaultBaseUrl: 'https://integrate.api.nvidia.com/v1',
  authStyle: 'bearer',
  keyEnv: 'NVIDIA_NIM_API_KEY',
  keysEnv: 'NVIDIA_NIM_API_KEYS',
  keyUsageLimitEnv: 'NVIDIA_NIM_KEY_USAGE_LIMIT',
  baseUrlEnv: 'NVIDIA_NIM_BASE_URL',
  proxyEnv: 'NVIDIA_NIM_PROXY',
  hosts: ['integrate.api.nvidia.com'],
  countTokens: false,
  maxToolNameLength: DEFAULTS.openAiToolNameMaxLength,
  docs: 'https://docs.api.nvidia.com/nim/',
});
