import { findProvider, providerForBaseUrl } from '../providers/catalog.js';
import type { EntryCompileContext } from './compile-claude-api-key.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  settleUpstreamId,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { RawCodexApiKeyEntry } from './schema.js';
import type { UpstreamConfig } from './switchboard-config.js';

/** OpenAI's API: the upstream of a `codex-api-key` entry with no `base-url`. */
const OPENAI_PROVIDER_ID = 'openai';
const OPENAI_PROVIDER = findProvider(OPENAI_PROVIDER_ID);
const OPENAI_BASE_URL = OPENAI_PROVIDER?.defaultBaseUrl ?? 'https://api.openai.com/v1';

/**
 * Compiles the `codex-api-key` entries (seed 002, CLIProxyAPI) in order into `openai-responses`
 * upstreams (OpenAI's Responses API, `POST {base}/responses`). Provider: the one the base URL's
 * host (or local port) identifies, else `openai` (no `base-url`, OpenAI's host, or a relay of
 * OpenAI's API). Id = `name`, else `prefix`, else that provider id (a generated id that is taken
 * gets `-2`, `-3`, …); base URL = `base-url` without trailing slashes, or
 * `https://api.openai.com/v1` when empty; the key sent as `Authorization: Bearer` (no credential
 * header without one); the entry's `proxy-url` else the global one; `count-tokens` off; every
 * `anthropic-beta` dropped; quirks from the provider (64-character tool names) plus `max-tokens`.
 */
export function compileCodexApiKeyEntries(
  entries: readonly RawCodexApiKeyEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  return entries.map((entry, index) => {
    const configuredBaseUrl = stripTrailingSlashes(entry['base-url']?.trim() ?? '');
    const provider =
      (configuredBaseUrl === '' ? undefined : providerForBaseUrl(configuredBaseUrl)) ?? OPENAI_PROVIDER;
    const providerId = provider?.id ?? OPENAI_PROVIDER_ID;
    const prefix = nonEmpty(entry.prefix);
    const apiKey = entry['api-key']?.trim() ?? '';
    const upstream: UpstreamConfig = {
      id: settleUpstreamId(nonEmpty(entry.name), prefix ?? providerId, context.takenIds),
      prefix,
      providerId,
      format: 'openai-responses',
      baseUrl: configuredBaseUrl === '' ? OPENAI_BASE_URL : configuredBaseUrl,
      apiKey,
      authStyle: apiKey === '' ? 'none' : 'bearer',
      headers: { ...(entry.headers ?? {}) },
      proxyUrl: nonEmpty(entry['proxy-url']) ?? context.globalProxyUrl,
      models: compileModels(entry.models),
      excludedModels: compileExcludedModels(entry['excluded-models']),
      betaPolicy: { mode: 'drop-all' },
      countTokens: false,
      ...compileQuirks(provider, {
        format: 'openai-responses',
        entryMaxTokens: entry['max-tokens'],
        models: entry.models,
      }),
      source: 'config',
      origin: `codex-api-key[${index}]`,
    };
    return upstream;
  });
}
