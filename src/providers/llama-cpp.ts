import { defineProvider } from './define-provider.js';

/**
 * llama.cpp's `llama-server`, Anthropic-compatible `POST /v1/messages` (tool use needs `--jinja`).
 * Source: https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md
 */
export const llamaCppProvider = defineProvider({
  id: 'llamacpp',
  displayName: 'llama.cpp',
  format: 'anthropic',
  defaultBaseUrl: 'http://localhost:8080/v1',
  authStyle: 'none',
  baseUrlEnv: 'LLAMACPP_BASE_URL',
  proxyEnv: 'LLAMACPP_PROXY',
  localPort: 8080,
  countTokens: false,
  docs: 'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md',
  quirks: ['answers 400 when --ctx-size is too small for Claude Code prompts'],
});
