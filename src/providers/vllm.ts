import { defineProvider } from './define-provider.js';

/**
 * vLLM's Anthropic Messages endpoint `/v1/messages` (seed 004: since v0.8); local, no key by default.
 * Source: https://docs.vllm.ai/en/stable/api/vllm/entrypoints/anthropic/serving/
 */
export const vllmProvider = defineProvider({
  id: 'vllm',
  displayName: 'vLLM',
  format: 'anthropic',
  defaultBaseUrl: 'http://localhost:8000/v1',
  authStyle: 'none',
  baseUrlEnv: 'VLLM_BASE_URL',
  proxyEnv: 'VLLM_PROXY',
  localPort: 8000,
  countTokens: false,
  docs: 'https://docs.vllm.ai/en/stable/api/vllm/entrypoints/anthropic/serving/',
});
