import type { ProviderDefinition } from '../providers/define-provider.js';
import { providerForBaseUrl } from '../providers/catalog.js';
import { compileCooldownPolicy } from './compile-cooldown-policy.js';
import { compilePool } from './compile-credentials.js';
import { applyEntryLimits } from './compile-limits.js';
import {
  compileExcludedModels,
  compileModels,
  compileQuirks,
  nonEmpty,
  settleUpstreamId,
  stripTrailingSlashes,
} from './compile-upstream-fields.js';
import type { EntryCompileContext } from './entry-compile-context.js';
import { commonAgreementRules, groupEntries, limitAgreementRules } from './group-entries.js';
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
 * Compiles the items of one keyed section into upstreams of `section.format`, in order of each
 * upstream's first item. Items with the same `name`, or without a name but with the same base URL
 * and `prefix`, are one upstream whose pool holds all their keys (`groupEntries`; disagreeing
 * items add issues to `context.issues`). Provider per `section` (see
 * {@link KeyedApiKeySection.providerFromBaseUrl}); id = `name`, else `prefix`, else the provider id
 * (a generated id that is taken gets `-2`, `-3`, …); base URL = `base-url` without trailing
 * slashes, or `section.defaultBaseUrl` when empty; keys sent per `section.authStyle` (no
 * credential header without one); `count-tokens` off; every `anthropic-beta` dropped; quirks from
 * the provider plus `max-tokens`; `cooldown` overrides merged over the default policy; `limits` =
 * `context.providerLimits` with the items' `rate-limit`, `rate-window`, `max-concurrency` over them.
 */
export function compileKeyedApiKeyEntries(
  entries: readonly RawKeyedApiKeyEntry[],
  context: EntryCompileContext,
  section: KeyedApiKeySection,
): UpstreamConfig[] {
  const endpointOf = (entry: RawKeyedApiKeyEntry): string =>
    stripTrailingSlashes(entry['base-url']?.trim() ?? '') || section.defaultBaseUrl;
  const groups = groupEntries(
    entries,
    {
      section: section.section,
      endpointOf,
      rules: [...commonAgreementRules(endpointOf), ...limitAgreementRules(context.providerLimits)],
    },
    context,
  );
  return groups.map((group) => {
    const [entry] = group.entries;
    if (entry === undefined) throw new Error('compileKeyedApiKeyEntries: empty group');
    const configuredBaseUrl = stripTrailingSlashes(entry['base-url']?.trim() ?? '');
    const provider =
      (section.providerFromBaseUrl && configuredBaseUrl !== ''
        ? providerForBaseUrl(configuredBaseUrl)
        : undefined) ?? section.provider;
    const providerId = provider?.id ?? section.providerId;
    const prefix = nonEmpty(entry.prefix);
    const id = settleUpstreamId(nonEmpty(entry.name), prefix ?? providerId, context.takenIds);
    const pool = compilePool(id, group.entries, context.globalProxyUrl);
    const upstream: UpstreamConfig = {
      id,
      prefix,
      providerId,
      format: section.format,
      baseUrl: endpointOf(entry),
      ...pool,
      cooldownPolicy: compileCooldownPolicy(entry.cooldown),
      limits: applyEntryLimits(context.providerLimits, entry),
      authStyle: pool.credentials.length === 0 ? 'none' : section.authStyle,
      headers: { ...(entry.headers ?? {}) },
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
      origin: `${section.section}[${group.indexes[0] ?? 0}]`,
    };
    return upstream;
  });
}
