import { findProvider, providerForBaseUrl } from '../providers/catalog.js';
import { keyedAuthStyle } from './apply-env.js';
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
import type { AgreementRule, EntryGroup } from './group-entries.js';
import { commonAgreementRules, groupEntries, limitAgreementRules } from './group-entries.js';
import type { RawClaudeApiKeyEntry } from './schema.js';
import type { BetaPolicy, UpstreamAuthStyle, UpstreamConfig } from './switchboard-config.js';

/** Re-exported: the state shared by the entry compilers (see `entry-compile-context.ts`). */
export type { EntryCompileContext } from './entry-compile-context.js';

/** Anthropic's API: the upstream of a `claude-api-key` entry with no `base-url`. */
const ANTHROPIC_PROVIDER_ID = 'anthropic';
const ANTHROPIC_BASE_URL = findProvider(ANTHROPIC_PROVIDER_ID)?.defaultBaseUrl ?? 'https://api.anthropic.com';

const SECTION = 'claude-api-key';

/** The item's base URL as written, without trailing slashes ("" when absent). */
function configuredBaseUrlOf(entry: RawClaudeApiKeyEntry): string {
  return stripTrailingSlashes(entry['base-url']?.trim() ?? '');
}

/** The item's effective base URL: Anthropic's API when `base-url` is empty. */
function endpointOf(entry: RawClaudeApiKeyEntry): string {
  return configuredBaseUrlOf(entry) || ANTHROPIC_BASE_URL;
}

/** What merged `claude-api-key` items must agree on: the common keys plus the Anthropic-only ones. */
const AGREEMENT_RULES: readonly AgreementRule<RawClaudeApiKeyEntry>[] = [
  ...commonAgreementRules(endpointOf),
  { key: 'auth-style', valueOf: (entry) => entry['auth-style'] ?? null },
  { key: 'drop-betas', valueOf: (entry) => betaPolicyOf(entry['drop-betas']) },
  { key: 'count-tokens', valueOf: (entry) => entry['count-tokens'] ?? null },
];

/**
 * Compiles the `claude-api-key` items into `anthropic`-format upstreams, in order of each
 * upstream's first item. Items with the same `name`, or without a name but with the same base URL
 * and `prefix`, are one upstream whose pool holds all their keys (`groupEntries`; disagreeing
 * items add issues to `context.issues`). Ids: `name`, else `prefix`, else the provider id guessed
 * from `base-url` (`anthropic` when it is empty), else `custom`; a generated id that is taken gets
 * `-2`, `-3`, …; explicit names are kept as they are (clashes with other sections are reported by
 * `claimExplicitNames`). Without any key, no credential header is sent (unless `auth-style` says
 * otherwise). `limits`: `context.providerLimits` with the items' `rate-limit`, `rate-window`,
 * `max-concurrency` over them (merged items must agree on these).
 */
export function compileClaudeApiKeyEntries(
  entries: readonly RawClaudeApiKeyEntry[],
  context: EntryCompileContext,
): UpstreamConfig[] {
  const rules = [...AGREEMENT_RULES, ...limitAgreementRules<RawClaudeApiKeyEntry>(context.providerLimits)];
  const groups = groupEntries(entries, { section: SECTION, endpointOf, rules }, context);
  return groups.map((group) => compileGroup(group, context));
}

/** One group of items → one upstream. */
function compileGroup(group: EntryGroup<RawClaudeApiKeyEntry>, context: EntryCompileContext): UpstreamConfig {
  const [entry] = group.entries;
  if (entry === undefined) throw new Error('compileClaudeApiKeyEntries: empty group');
  const configuredBaseUrl = configuredBaseUrlOf(entry);
  const provider =
    configuredBaseUrl === '' ? findProvider(ANTHROPIC_PROVIDER_ID) : providerForBaseUrl(configuredBaseUrl);
  const prefix = nonEmpty(entry.prefix);
  const name = nonEmpty(entry.name);
  const id = settleUpstreamId(name, name ?? prefix ?? provider?.id ?? 'custom', context.takenIds);
  const pool = compilePool(id, group.entries, context.globalProxyUrl);
  let authStyle: UpstreamAuthStyle = entry['auth-style'] ?? keyedAuthStyle(provider?.authStyle, 'anthropic');
  if (entry['auth-style'] == null && pool.credentials.length === 0) authStyle = 'none';
  return {
    id,
    prefix,
    providerId: provider?.id ?? 'custom',
    format: 'anthropic',
    baseUrl: endpointOf(entry),
    ...pool,
    cooldownPolicy: compileCooldownPolicy(entry.cooldown),
    limits: applyEntryLimits(context.providerLimits, entry),
    authStyle,
    headers: { ...(entry.headers ?? {}) },
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
    origin: `${SECTION}[${group.indexes[0] ?? 0}]`,
  };
}

function betaPolicyOf(dropBetas: boolean | readonly string[] | null | undefined): BetaPolicy {
  if (dropBetas === true) return { mode: 'drop-all' };
  if (Array.isArray(dropBetas) && dropBetas.length > 0) return { mode: 'drop-listed', betas: [...dropBetas] };
  return { mode: 'pass' };
}
