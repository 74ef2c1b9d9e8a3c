import { DEFAULTS } from '../config/switchboard-config.js';
import { defineProvider } from './define-provider.js';

/**
 * Kimi (Moonshot AI)'s OpenAI-compatible API. Thinking models return `reasoning_content` and need
 * it back on the assistant messages of tool-call turns (seed 004: "Reasoning history is replayed
 * as reasoning_content for tool-call turns").
 * Source: https://platform.moonshot.ai/docs/guide/use-kimi-k2-thinking-model
 */
export const kimiProvider = defineProvider({
  id: 'kimi',
  displayName: 'Kimi (Moonshot AI)',
  format: 'openai-chat',
  defaultBaseUrl: 'https://api.moonshot.ai/v1',
  authStyle: 'bearer',
  keyEnv: 'KIMI_API_KEY',
  keysEnv: 'KIMI_API_KEYS',
  keyUsageLimitEnv: 'KIMI_KEY_USAGE_LIMIT',
  baseUrlEnv: 'KIMI_BASE_URL',
  proxyEnv: 'KIMI_PROXY',
  hosts: ['api.moonshot.ai', 'api.moonshot.cn'],
  countTokens: false,
  replayReasoning: true,
  maxToolNameLength: DEFAULTS.openAiToolNameMaxLength,
  docs: 'https://platform.moonshot.ai/docs/guide/use-kimi-k2-thinking-model',
  quirks: ['replays reasoning_content on tool-call turns'],
});
