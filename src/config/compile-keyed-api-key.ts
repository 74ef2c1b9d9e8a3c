import type { ProviderDefinition } from '../providers/define-provider.js';
import { providerForBaseUrl } from '../providers/catalog.js';
import type { EntryCompileContext } from './compile-claude-api-key.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  settleUpstreamId,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { RawKeyedApiKeyEntry } from './schema.js';
import type { UpstreamAuthStyle, UpstreamConfig, UpstreamFormat } from './switchboard-config.js';

/** What sets one keyed section (`gemini-api-key`, `codex-api-key`) apart from the other. */
export interface KeyedApiKeySection {
  /** The section's key in the YAML; `origin` is `<section>[<index>]`. */
  readonly section: string;
  /** The wire format of its upstreams. */
  readonly format: UpstreamFormat;
  /** How the key is sent when the entry has one (`none` without a key). */
  readonly authStyle: UpstreamAuthStyle;
  /** The provider of an entry whose `base-url` names no other (its id also when the catalog lacks it). */
  readonly providerId: string;
  /** That provider's catalog entry (quirks, caps). */
  readonly provider: ProviderDefinition | undefined;
  /** The base URL of an entry with an empty or absent `base-url`. */
  readonly defaultBaseUrl: string;
  /**
   * Whether a `base-url`'s host (or local port) picks the provider (`providerForBaseUrl`), so a
   * relay of another catalog provider gets that provider's quirks; else every entry is `provider`.
   */
  readonly providerFromBaseUrl: boolean;
}

/**
 * Compiles the entries of one keyed section in order into upstreams of `section.format`: provider
 * per `section` (see {@link KeyedApiKeySection.providerFromBaseUrl}); id = `name`, else `prefix`,
 * else the provider id (a generated id that is taken gets `-2`, `-3`, …); base URL = `base-url`
 * without trailing slashes, or `section.defaultBaseUrl` when empty; the key sent per
 * `section.authStyle` (no credential header without one); the entry's `proxy-url` else the global
 * one; `count-tokens` off; every `anthropic-beta` dropped; quirks from the provider plus
 * `max-tokens`.
 */
export function compileKeyedApiKeyEntries(
  entries: readonly RawKeyedApiKeyEntry[],
  context: EntryCompileContext,
  section: KeyedApiKeySection,
): UpstreamConfig[] {
  return entries.map((entry, index) => {
    const configuredBaseUrl = stripTrailingSlashes(entry['base-url']?.trim() ?? '');
    const provider =
      (section.providerFromBaseUrl && configuredBaseUrl !== ''
        ? providerForBaseUrl(configuredBaseUrl)
        : undefined) ?? section.provider;
    const providerId = provider?.id ?? section.providerId;
    const prefix = nonEmpty(entry.prefix);
    const apiKey = entry['api-key']?.trim() ?? '';
    const upstream: UpstreamConfig = {
      id: settleUpstreamId(nonEmpty(entry.name), prefix ?? providerId, context.takenIds),
      prefix,
      providerId,
      format: section.format,
      baseUrl: configuredBaseUrl === '' ? section.defaultBaseUrl : configuredBaseUrl,
      apiKey,
      authStyle: apiKey === '' ? 'none' : section.authStyle,
      headers: { ...(entry.headers ?? {}) },
      proxyUrl: nonEmpty(entry['proxy-url']) ?? context.globalProxyUrl,
      models: compileModels(entry.models),
      excludedModels: compileExcludedModels(entry['excluded-models']),
      betaPolicy: { mode: 'drop-all' },
      countTokens: false,
      ...compileQuirks(provider, {
        format: section.format,
        entryMaxTokens: entry['max-tokens'],
        models: entry.models,
      }),
      source: 'config',
      origin: `${section.section}[${index}]`,
    };
    return upstream;
  });
}
