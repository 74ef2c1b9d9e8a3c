import { compileCooldownPolicy } from './compile-cooldown-policy.js';
import { applyEntryLimits } from './compile-limits.js';
import { compileExcludedModels, nonEmpty } from './compile-upstream-fields.js';
import type { EntryCompileContext } from './entry-compile-context.js';
import type { RawCooldown, RawLimitFields, RawUpstreamModel } from './schema.js';
import type { UpstreamLimits } from './switchboard-config.js';

/** The keys that decide which items of a section form one upstream. */
export interface GroupableEntry {
  readonly name?: string | null | undefined;
  readonly prefix?: string | null | undefined;
}

/** Items of one section that form one upstream, in config order. */
export interface EntryGroup<Entry> {
  /** Each item's index in its section, ascending; the first is the upstream's `origin`. */
  readonly indexes: readonly number[];
  /** The items, in the same order as `indexes`. */
  readonly entries: readonly Entry[];
}

/**
 * A key the items of one group must agree on, with its value as compiled (so that an absent key
 * and its default compare equal, and `https://x/` equals `https://x`).
 */
export interface AgreementRule<Entry> {
  /** The YAML key, as named in issues. */
  readonly key: string;
  readonly valueOf: (entry: Entry) => unknown;
}

/** How a section's items are grouped. */
export interface GroupingOptions<Entry> {
  /** The section's YAML key (`claude-api-key`, …); issues name items `<section>[<index>]`. */
  readonly section: string;
  /** The item's effective base URL (the section's default API when `base-url` is empty). */
  readonly endpointOf: (entry: Entry) => string;
  /** Every upstream-level key the merged items must agree on (all but the credential keys). */
  readonly rules: readonly AgreementRule<Entry>[];
}

/** The upstream-level keys every keyed section has (see {@link commonAgreementRules}). */
export interface MergeableEntry extends GroupableEntry {
  readonly models?: readonly RawUpstreamModel[] | null | undefined;
  readonly 'excluded-models'?: readonly string[] | null | undefined;
  readonly headers?: Readonly<Record<string, string>> | null | undefined;
  readonly 'max-tokens'?: number | null | undefined;
  readonly cooldown?: RawCooldown | null | undefined;
}

/**
 * The rules every keyed section's merged items follow: the same effective `base-url`, `prefix`,
 * `models` (names, aliases, caps), `excluded-models`, `headers`, `max-tokens` and `cooldown`.
 * @param endpointOf the item's effective base URL
 */
export function commonAgreementRules<Entry extends MergeableEntry>(
  endpointOf: (entry: Entry) => string,
): AgreementRule<Entry>[] {
  return [
    { key: 'base-url', valueOf: endpointOf },
    { key: 'prefix', valueOf: (entry) => nonEmpty(entry.prefix) ?? null },
    {
      key: 'models',
      valueOf: (entry) =>
        (entry.models ?? []).map((model) => [
          model.name,
          nonEmpty(model.alias) ?? null,
          model['max-tokens'] ?? null,
        ]),
    },
    { key: 'excluded-models', valueOf: (entry) => compileExcludedModels(entry['excluded-models']) },
    { key: 'headers', valueOf: (entry) => entry.headers ?? {} },
    { key: 'max-tokens', valueOf: (entry) => entry['max-tokens'] ?? null },
    { key: 'cooldown', valueOf: (entry) => compileCooldownPolicy(entry.cooldown) },
  ];
}

/**
 * The rules of the traffic-limit keys: merged items must have the same effective `rate-limit`,
 * `rate-window` and `max-concurrency` (each compared as compiled over `providerLimits`, so an
 * absent key equals one written with the global value).
 * @param providerLimits the global limits the items' keys go over
 */
export function limitAgreementRules<Entry extends RawLimitFields>(
  providerLimits: UpstreamLimits,
): AgreementRule<Entry>[] {
  const limitsOf = (entry: Entry): UpstreamLimits => applyEntryLimits(providerLimits, entry);
  return [
    { key: 'rate-limit', valueOf: (entry) => limitsOf(entry).rateLimit },
    { key: 'rate-window', valueOf: (entry) => limitsOf(entry).rateWindowMs },
    { key: 'max-concurrency', valueOf: (entry) => limitsOf(entry).maxConcurrency },
  ];
}

/**
 * Groups the items of a keyed section (`claude-api-key`, `gemini-api-key`, `codex-api-key`) into
 * upstreams. Items with the same `name` are one upstream; items without a name are one upstream
 * when they have the same effective base URL and `prefix` (CLIProxyAPI lists several keys for one
 * endpoint that way). A group takes the position of its first item. The items of a group must
 * agree on every key of `options.rules`: each item that differs from the group's first item adds
 * an issue at its line, naming both items and the key (never the values: they may hold secrets).
 * @returns the groups in order of their first item
 */
export function groupEntries<Entry extends GroupableEntry>(
  entries: readonly Entry[],
  options: GroupingOptions<Entry>,
  context: Pick<EntryCompileContext, 'file' | 'lineOf' | 'issues'>,
): EntryGroup<Entry>[] {
  const groups = new Map<string, { indexes: number[]; entries: Entry[] }>();
  entries.forEach((entry, index) => {
    const name = nonEmpty(entry.name);
    const groupKey =
      name === undefined
        ? `endpoint\0${options.endpointOf(entry)}\0${nonEmpty(entry.prefix) ?? ''}`
        : `name\0${name}`;
    const group = groups.get(groupKey);
    if (group === undefined) groups.set(groupKey, { indexes: [index], entries: [entry] });
    else {
      group.indexes.push(index);
      group.entries.push(entry);
    }
  });
  for (const group of groups.values()) checkAgreement(group, options, context);
  return [...groups.values()];
}

function checkAgreement<Entry extends GroupableEntry>(
  group: EntryGroup<Entry>,
  options: GroupingOptions<Entry>,
  context: Pick<EntryCompileContext, 'file' | 'lineOf' | 'issues'>,
): void {
  const [first, ...others] = group.entries;
  const firstIndex = group.indexes[0];
  if (first === undefined || firstIndex === undefined) return;
  const firstLine = context.lineOf([options.section, firstIndex]);
  const firstItem = `${options.section}[${firstIndex}]${firstLine === undefined ? '' : ` (line ${firstLine})`}`;
  const name = nonEmpty(first.name);
  const why =
    name === undefined
      ? 'items without a name that share base-url and prefix form one upstream'
      : `items named "${name}" form one upstream`;
  others.forEach((entry, position) => {
    const index = group.indexes[position + 1] ?? 0;
    for (const rule of options.rules) {
      if (canonical(rule.valueOf(entry)) === canonical(rule.valueOf(first))) continue;
      context.issues.push({
        file: context.file,
        line: context.lineOf([options.section, index, rule.key]),
        path: `${options.section}[${index}].${rule.key}`,
        message: `expected the same ${rule.key} as ${firstItem}: ${why}, so they must agree on every key but the credentials (api-key, api-key-entries, proxy-url, weight, priority); give them different names to keep them apart`,
      });
    }
  });
}

/** JSON with object keys sorted, so that key order does not count as a difference. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner !== null && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([left], [right]) => left.localeCompare(right)))
        : inner,
    ) ?? 'undefined'
  );
}
