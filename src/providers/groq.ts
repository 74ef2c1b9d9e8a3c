import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * Groq's OpenAI-compatible API. Reasoning models send no `reasoning_content`: their reasoning
 * arrives inside `content` between `<think>` tags (seed 004), which the decoder splits out.
 * Sources: https://console.groq.com/docs/openai, https://console.groq.com/docs/reasoning
 */
export const groqProvider = defineProvider({
  id: 'groq',
  displayName: 'Groq',
  format: 'openai-chat',
  defaultBaseUrl: 'https://api.groq.com/openai/v1',
  authStyle: 'bearer',
  keyEnv: 'GROQ_API_KEY',
  keysEnv: 'GROQ_API_KEYS',
  keyUsageLimitEnv: 'GROQ_KEY_USAGE_LIMIT',
  baseUrlEnv: 'GROQ_BASE_URL',
  proxyEnv: 'GROQ_PROXY',
  hosts: ['api.groq.com'],
  countTokens: false,
  maxToolNameLength: DEFAULTS.openAiToolNameMaxLength,
  thinkTags: true,
  docs: 'https://console.groq.com/docs/openai',
  quirks: ['reasoning models emit <think> tags in content instead of reasoning_content'],
});
