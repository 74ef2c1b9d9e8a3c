import type { ProviderDefinition } from './define-provider.js';
import { defineProvider } from './define-provider.js';

/**
 * The providers reached with the Anthropic Messages format (seed 004's "Anthropic Messages"
 * transport rows, plus Anthropic itself). OpenAI-chat providers join with the openai-chat spoke.
 */
export const PROVIDER_CATALOG: readonly ProviderDefinition[] = [
  defineProvider({
    id: 'anthropic',
    displayName: 'Anthropic',
    format: 'anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    authStyle: 'x-api-key',
    keyEnv: 'ANTHROPIC_API_KEY',
    keysEnv: 'ANTHROPIC_API_KEYS',
    proxyEnv: 'ANTHROPIC_PROXY',
    hosts: ['api.anthropic.com'],
    countTokens: true,
  }),
  defineProvider({
    id: 'deepseek',
    displayName: 'DeepSeek',
    format: 'anthropic',
    defaultBaseUrl: 'https://api.deepseek.com/anthropic',
    authStyle: 'bearer',
    keyEnv: 'DEEPSEEK_API_KEY',
    keysEnv: 'DEEPSEEK_API_KEYS',
    proxyEnv: 'DEEPSEEK_PROXY',
    hosts: ['api.deepseek.com'],
    countTokens: false,
    quirks: ['caps max_tokens at 8k for deepseek-chat'],
  }),
  defineProvider({
    id: 'open_router',
    displayName: 'OpenRouter',
    format: 'anthropic',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    authStyle: 'bearer',
    keyEnv: 'OPENROUTER_API_KEY',
    keysEnv: 'OPENROUTER_API_KEYS',
    proxyEnv: 'OPENROUTER_PROXY',
    hosts: ['openrouter.ai'],
    countTokens: false,
  }),
  defineProvider({
    id: 'fireworks',
    displayName: 'Fireworks AI',
    format: 'anthropic',
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    authStyle: 'bearer',
    keyEnv: 'FIREWORKS_API_KEY',
    keysEnv: 'FIREWORKS_API_KEYS',
    proxyEnv: 'FIREWORKS_PROXY',
    hosts: ['api.fireworks.ai'],
    countTokens: false,
  }),
  defineProvider({
    id: 'friendliai',
    displayName: 'FriendliAI',
    format: 'anthropic',
    defaultBaseUrl: 'https://api.friendli.ai/serverless/v1',
    authStyle: 'bearer',
    keyEnv: 'FRIENDLIAI_API_KEY',
    keysEnv: 'FRIENDLIAI_API_KEYS',
    proxyEnv: 'FRIENDLIAI_PROXY',
    hosts: ['api.friendli.ai'],
    countTokens: false,
  }),
  defineProvider({
    id: 'ollama',
    displayName: 'Ollama',
    format: 'anthropic',
    defaultBaseUrl: 'http://localhost:11434',
    authStyle: 'none',
    baseUrlEnv: 'OLLAMA_BASE_URL',
    proxyEnv: 'OLLAMA_PROXY',
    localPort: 11434,
    countTokens: false,
    quirks: ['base URL is the server root: do not append /v1'],
  }),
  defineProvider({
    id: 'lmstudio',
    displayName: 'LM Studio',
    format: 'anthropic',
    defaultBaseUrl: 'http://localhost:1234/v1',
    authStyle: 'none',
    baseUrlEnv: 'LM_STUDIO_BASE_URL',
    proxyEnv: 'LMSTUDIO_PROXY',
    localPort: 1234,
    countTokens: false,
    quirks: ['answers "No models loaded" until a model is loaded (lms load)'],
  }),
  defineProvider({
    id: 'llamacpp',
    displayName: 'llama.cpp',
    format: 'anthropic',
    defaultBaseUrl: 'http://localhost:8080/v1',
    authStyle: 'none',
    baseUrlEnv: 'LLAMACPP_BASE_URL',
    proxyEnv: 'LLAMACPP_PROXY',
    localPort: 8080,
    countTokens: false,
    quirks: ['answers 400 when --ctx-size is too small for Claude Code prompts'],
  }),
  defineProvider({
    id: 'vllm',
    displayName: 'vLLM',
    format: 'anthropic',
    defaultBaseUrl: 'http://localhost:8000/v1',
    authStyle: 'none',
    baseUrlEnv: 'VLLM_BASE_URL',
    proxyEnv: 'VLLM_PROXY',
    localPort: 8000,
    countTokens: false,
  }),
  defineProvider({
    id: 'cliproxyapi',
    displayName: 'CLIProxyAPI',
    format: 'anthropic',
    defaultBaseUrl: 'http://localhost:8317/v1',
    authStyle: 'x-api-key',
    baseUrlEnv: 'CLIPROXYAPI_BASE_URL',
    proxyEnv: 'CLIPROXYAPI_PROXY',
    countTokens: true,
    quirks: ['uses x-api-key auth, not Bearer'],
  }),
];

/**
 * Finds a provider by id.
 * @returns the definition, or `undefined` for an unknown id.
 */
export function findProvider(id: string): ProviderDefinition | undefined {
  return PROVIDER_CATALOG.find((provider) => provider.id === id);
}

/**
 * Guesses the provider behind a configured base URL (by host, then by local port), so a
 * `claude-api-key` entry gets the right auth style and quirks without saying which provider it is.
 * @param baseUrl an absolute URL; an unparsable one yields `undefined`.
 */
export function providerForBaseUrl(baseUrl: string): ProviderDefinition | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const byHost = PROVIDER_CATALOG.find((provider) => provider.hosts?.includes(url.hostname));
  if (byHost) return byHost;
  const isLocal = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (!isLocal) return undefined;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return PROVIDER_CATALOG.find((provider) => provider.localPort === port);
}
