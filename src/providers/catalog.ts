import { anthropicProvider } from './anthropic.js';
import { cerebrasProvider } from './cerebras.js';
import { cliProxyApiProvider } from './cli-proxy-api.js';
import { deepseekProvider } from './deepseek.js';
import type { ProviderDefinition } from './define-provider.js';
import { fireworksProvider } from './fireworks.js';
import { friendliAiProvider } from './friendliai.js';
import { geminiProvider } from './gemini.js';
import { groqProvider } from './groq.js';
import { kimiProvider } from './kimi.js';
import { llamaCppProvider } from './llama-cpp.js';
import { lmStudioProvider } from './lm-studio.js';
import { nvidiaNimProvider } from './nvidia-nim.js';
import { ollamaProvider } from './ollama.js';
import { openRouterProvider } from './open-router.js';
import { openaiProvider } from './openai.js';
import { togetherProvider } from './together.js';
import { vllmProvider } from './vllm.js';

/**
 * Every known provider (17): seed 004's fourteen backends plus Anthropic, OpenAI and Google
 * Gemini themselves, one data file each. The order is meaningful: environment upstreams are added
 * in this order, and open upstreams (no `models` list) take a bare model name in config order, so
 * Anthropic comes first, the other first-party APIs (OpenAI, Gemini) and hosted providers next,
 * local servers last.
 */
export const PROVIDER_CATALOG: readonly ProviderDefinition[] = [
  anthropicProvider,
  openaiProvider,
  geminiProvider,
  deepseekProvider,
  openRouterProvider,
  fireworksProvider,
  friendliAiProvider,
  nvidiaNimProvider,
  groqProvider,
  cerebrasProvider,
  togetherProvider,
  kimiProvider,
  ollamaProvider,
  lmStudioProvider,
  llamaCppProvider,
  vllmProvider,
  cliProxyApiProvider,
];

/**
 * Finds a provider by id.
 * @returns the definition, or `undefined` for an unknown id.
 */
export function findProvider(id: string): ProviderDefinition | undefined {
  return PROVIDER_CATALOG.find((provider) => provider.id === id);
}

/** The ids of {@link PROVIDER_CATALOG}, in catalog order (for validation messages). */
export const PROVIDER_IDS: readonly string[] = PROVIDER_CATALOG.map((provider) => provider.id);

/**
 * Guesses the provider behind a configured base URL (by host, then by local port), so a
 * `claude-api-key`, `openai-compatibility` or `codex-api-key` entry gets the right auth style and
 * quirks without saying which provider it is.
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
