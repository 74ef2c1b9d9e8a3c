import { findProvider, providerForBaseUrl } from '../providers/catalog.js';
import { keyedAuthStyle } from './apply-env.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  settleUpstreamId,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { RawClaudeApiKeyEntry } from './schema.js';
import type { BetaPolicy, UpstreamAuthStyle, UpstreamConfig } from './switchboard-config.js';

/** Anthropic's API: the upstream of a `claude-api-key` entry with no `base-url`. */
const ANTHROPIC_PROVIDER_ID = 'anthropic';
const ANTHROPIC_BASE_URL = findProvider(ANTHROPIC_PROVIDER_ID)?.defaultBaseUrl ?? 'https://api.anthropic.com';

/** Shared state of the entry compilers of one config. */
export interface EntryCompileContext {
  /** The file's global `proxy-url`, for entries without their own. */
  readonly globalProxyUrl: string | undefined;
  /**
   * Upstream ids in use: every explicit `name` of the file up front (all four sections); generated
   * ids are added as they are assigned, so later ones get `-2`, `-3`, … instead of clashing.
   */
  readonly takenIds: Set<string>;
}

/**
 * Compiles the `claude-api-key` entries in order into `anthropic`-format upstreams. Ids: `name`,
 * else `prefix`, else the provider id guessed from `base-url` (`anthropic` when it is empty), else
 * `custom`; a generated id that is taken gets `-2`, `-3`, …; explicit names are kept as they are
 * (repeats are reported by `claimExplicitNames`).
 */
export function compileClaudeApiKeyEntries(
  entries: readonly RawClaudeApiKeyEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  return entries.map((entry, index) => {
    const upstream = compileEntry(entry, index, context.globalProxyUrl);
    return { ...upstream, id: settleUpstreamId(nonEmpty(entry.name), upstream.id, context.takenIds) };
  });
}

/** One entry → one upstream; `id` is the unsuffixed candidate, settled by the caller. */
function compileEntry(
  entry: RawClaudeApiKeyEntry,
  index: number,
  globalProxyUrl: string | undefined,
): UpstreamConfig {
  const configuredBaseUrl = stripTrailingSlashes(entry['base-url']?.trim() ?? '');
  const provider =
    configuredBaseUrl === '' ? findProvider(ANTHROPIC_PROVIDER_ID) : providerForBaseUrl(configuredBaseUrl);
  const apiKey = entry['api-key']?.trim() ?? '';
  const prefix = nonEmpty(entry.prefix);
  let authStyle: UpstreamAuthStyle = entry['auth-style'] ?? keyedAuthStyle(provider?.authStyle, 'anthropic');
  if (entry['auth-style'] == null && apiKey === '') authStyle = 'none';
  return {
    id: nonEmpty(entry.name) ?? prefix ?? provider?.id ?? 'custom',
    prefix,
    providerId: provider?.id ?? 'custom',
    format: 'anthropic',
    baseUrl: configuredBaseUrl === '' ? ANTHROPIC_BASE_URL : configuredBaseUrl,
    apiKey,
    authStyle,
    headers: { ...(entry.headers ?? {}) },
    proxyUrl: nonEmpty(entry['proxy-url']) ?? globalProxyUrl,
    models: compileModels(entry.models),
    excludedModels: compileExcludedModels(entry['excluded-models']),
    betaPolicy: betaPolicyOf(entry['drop-betas']),
    countTokens: entry['count-tokens'] ?? provider?.countTokens ?? false,
    ...compileQuirks(provider, {
      format: 'anthropic',
      entryMaxTokens: entry['max-tokens'],
      models: entry.models,
    }),
    source: 'config',
    origin: `claude-api-key[${index}]`,
  };
}

function betaPolicyOf(dropBetas: boolean | readonly string[] | null | undefined): BetaPolicy {
  if (dropBetas === true) return { mode: 'drop-all' };
  if (Array.isArray(dropBetas) && dropBetas.length > 0) return { mode: 'drop-listed', betas: [...dropBetas] };
  return { mode: 'pass' };
}
