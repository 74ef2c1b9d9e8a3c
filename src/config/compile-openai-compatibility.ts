import { findProvider, providerForBaseUrl } from '../providers/catalog.js';
import { compileCooldownPolicy } from './compile-cooldown-policy.js';
import { compilePool } from './compile-credentials.js';
import { applyEntryLimits } from './compile-limits.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { EntryCompileContext } from './entry-compile-context.js';
import type { RawOpenAiCompatibilityEntry } from './schema.js';
import type { UpstreamConfig } from './switchboard-config.js';

/**
 * Compiles the `openai-compatibility` entries (seed 002, CLIProxyAPI) in order into `openai-chat`
 * upstreams: id = `name` (required and unique: a repeat is reported by `claimExplicitNames`), base
 * URL without trailing slashes, every non-blank key of `api-key`, then `api-key-entries`, then the
 * legacy `api-keys` list in the pool (each `api-key-entries` key with its own `proxy-url`,
 * `weight`, `priority`, `prefix`, else the entry's `weight`/`priority` and the global proxy), sent
 * as `Authorization: Bearer` (no credential header without a key), `count-tokens` off (counted
 * locally), every `anthropic-beta` dropped (the header means nothing to an OpenAI endpoint),
 * `cooldown` overrides merged over the default policy. Quirks come from the catalog provider named
 * by `provider`, else the one guessed from the base URL's host. `limits` = `context.providerLimits`
 * with the entry's `rate-limit`, `rate-window` (seconds), `max-concurrency` over them.
 */
export function compileOpenAiCompatibilityEntries(
  entries: readonly RawOpenAiCompatibilityEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  return entries.map((entry, index) => {
    const baseUrl = stripTrailingSlashes(entry['base-url'].trim());
    const provider = entry.provider == null ? providerForBaseUrl(baseUrl) : findProvider(entry.provider);
    context.takenIds.add(entry.name);
    const pool = compilePool(entry.name, [entry], context.globalProxyUrl);
    const upstream: UpstreamConfig = {
      id: entry.name,
      prefix: nonEmpty(entry.prefix),
      providerId: provider?.id ?? 'custom',
      format: 'openai-chat',
      baseUrl,
      ...pool,
      cooldownPolicy: compileCooldownPolicy(entry.cooldown),
      limits: applyEntryLimits(context.providerLimits, entry),
      authStyle: pool.credentials.length === 0 ? 'none' : 'bearer',
      headers: { ...(entry.headers ?? {}) },
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
      origin: `openai-compatibility[${index}]`,
    };
    return upstream;
  });
}
