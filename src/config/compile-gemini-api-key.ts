import { findProvider } from '../providers/catalog.js';
import type { EntryCompileContext } from './compile-claude-api-key.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  settleUpstreamId,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { RawGeminiApiKeyEntry } from './schema.js';
import type { UpstreamConfig } from './switchboard-config.js';

/** Google's Gemini API: the provider of every `gemini-api-key` entry. */
const GEMINI_PROVIDER_ID = 'gemini';
const GEMINI_PROVIDER = findProvider(GEMINI_PROVIDER_ID);
const GEMINI_BASE_URL = GEMINI_PROVIDER?.defaultBaseUrl ?? 'https://generativelanguage.googleapis.com';

/**
 * Compiles the `gemini-api-key` entries (seed 002, CLIProxyAPI) in order into `gemini`-format
 * upstreams of provider `gemini`: id = `name`, else `prefix`, else `gemini` (a generated id that
 * is taken gets `-2`, `-3`, …); base URL = `base-url` without trailing slashes, or Google's API
 * (`https://generativelanguage.googleapis.com`; the protocol adds `/v1beta/models/…`) when empty;
 * the key sent as `x-goog-api-key` (no credential header without one); the entry's `proxy-url`
 * else the global one; `count-tokens` off (counted locally); every `anthropic-beta` dropped;
 * quirks (64-character function names) from the catalog's `gemini` provider plus `max-tokens`.
 */
export function compileGeminiApiKeyEntries(
  entries: readonly RawGeminiApiKeyEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  return entries.map((entry, index) => {
    const prefix = nonEmpty(entry.prefix);
    const apiKey = entry['api-key']?.trim() ?? '';
    const configuredBaseUrl = stripTrailingSlashes(entry['base-url']?.trim() ?? '');
    const upstream: UpstreamConfig = {
      id: settleUpstreamId(nonEmpty(entry.name), prefix ?? GEMINI_PROVIDER_ID, context.takenIds),
      prefix,
      providerId: GEMINI_PROVIDER_ID,
      format: 'gemini',
      baseUrl: configuredBaseUrl === '' ? GEMINI_BASE_URL : configuredBaseUrl,
      apiKey,
      authStyle: apiKey === '' ? 'none' : 'x-goog-api-key',
      headers: { ...(entry.headers ?? {}) },
      proxyUrl: nonEmpty(entry['proxy-url']) ?? context.globalProxyUrl,
      models: compileModels(entry.models),
      excludedModels: compileExcludedModels(entry['excluded-models']),
      betaPolicy: { mode: 'drop-all' },
      countTokens: false,
      ...compileQuirks(GEMINI_PROVIDER, {
        format: 'gemini',
        entryMaxTokens: entry['max-tokens'],
        models: entry.models,
      }),
      source: 'config',
      origin: `gemini-api-key[${index}]`,
    };
    return upstream;
  });
}
