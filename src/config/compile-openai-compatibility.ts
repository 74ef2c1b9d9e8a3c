import { findProvider, providerForBaseUrl } from '../providers/catalog.js';
import type { EntryCompileContext } from './compile-claude-api-key.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { RawOpenAiCompatibilityEntry } from './schema.js';
import type { UpstreamConfig } from './switchboard-config.js';

/** The upstreams of the `openai-compatibility` entries, with warnings for the operator. */
export interface CompiledOpenAiCompatibility {
  readonly upstreams: UpstreamConfig[];
  /** One per entry with several keys (only the first is used until key pools); no key shown. */
  readonly warnings: string[];
}

/** One usable credential of an entry: a non-blank key and the proxy written beside it. */
interface EntryKey {
  readonly key: string;
  readonly proxyUrl: string | undefined;
}

/**
 * Compiles the `openai-compatibility` entries (seed 002, CLIProxyAPI) in order into `openai-chat`
 * upstreams: id = `name` (required; uniqueness is checked by `claimExplicitNames`), base URL
 * without trailing slashes, the first non-blank key of `api-key-entries` (then of the legacy
 * `api-keys` list) sent as `Authorization: Bearer` (no credential header without a key), that
 * entry's `proxy-url` else the global one, `count-tokens` off (counted locally), every
 * `anthropic-beta` dropped (the header means nothing to an OpenAI endpoint). Quirks come from the
 * catalog provider named by `provider`, else the one guessed from the base URL's host.
 */
export function compileOpenAiCompatibilityEntries(
  entries: readonly RawOpenAiCompatibilityEntry[],
  context: EntryCompileContext,
): CompiledOpenAiCompatibility {
  const warnings: string[] = [];
  const upstreams = entries.map((entry, index) => {
    const origin = `openai-compatibility[${index}]`;
    const keys = entryKeys(entry);
    if (keys.length > 1) {
      warnings.push(
        `${origin} ("${entry.name}") has ${keys.length} API keys: only the first is used for now (key pools come later)`,
      );
    }
    const baseUrl = stripTrailingSlashes(entry['base-url'].trim());
    const provider = entry.provider == null ? providerForBaseUrl(baseUrl) : findProvider(entry.provider);
    const first = keys[0];
    context.takenIds.add(entry.name);
    const upstream: UpstreamConfig = {
      id: entry.name,
      prefix: nonEmpty(entry.prefix),
      providerId: provider?.id ?? 'custom',
      format: 'openai-chat',
      baseUrl,
      apiKey: first?.key ?? '',
      authStyle: first === undefined ? 'none' : 'bearer',
      headers: { ...(entry.headers ?? {}) },
      proxyUrl: first?.proxyUrl ?? context.globalProxyUrl,
      models: compileModels(entry.models),
      excludedModels: compileExcludedModels(entry['excluded-models']),
      betaPolicy: { mode: 'drop-all' },
      countTokens: false,
      ...compileQuirks(provider, {
        format: 'openai-chat',
        entryMaxTokens: entry['max-tokens'],
        models: entry.models,
      }),
      source: 'config',
      origin,
    };
    return upstream;
  });
  return { upstreams, warnings };
}

/** The entry's non-blank keys in order: `api-key-entries` first, then legacy `api-keys`; no repeats. */
function entryKeys(entry: RawOpenAiCompatibilityEntry): EntryKey[] {
  const keys: EntryKey[] = [];
  const add = (key: string | null | undefined, proxyUrl: string | null | undefined): void => {
    const trimmed = nonEmpty(key);
    if (trimmed !== undefined && !keys.some((known) => known.key === trimmed)) {
      keys.push({ key: trimmed, proxyUrl: nonEmpty(proxyUrl) });
    }
  };
  for (const item of entry['api-key-entries'] ?? []) add(item['api-key'], item['proxy-url']);
  for (const key of entry['api-keys'] ?? []) add(key, undefined);
  return keys;
}
