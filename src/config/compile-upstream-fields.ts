import type { ProviderDefinition } from '../providers/define-provider.js';
import type { RawUpstreamModel } from './schema.js';
import type { UpstreamConfig, UpstreamFormat, UpstreamModel } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** The provider-derived fields every compiled upstream carries (see `UpstreamConfig`). */
export type UpstreamQuirks = Pick<
  UpstreamConfig,
  'replayReasoning' | 'maxToolNameLength' | 'maxOutputTokens' | 'modelMaxOutputTokens'
>;

/**
 * Longest tool name per upstream format when the provider gives none, characters: OpenAI's 64 for
 * both OpenAI formats, Gemini's 64; none known for Anthropic-format upstreams (relays vary).
 */
const DEFAULT_TOOL_NAME_LIMITS: Readonly<Record<UpstreamFormat, number | undefined>> = {
  anthropic: undefined,
  'openai-chat': DEFAULTS.openAiToolNameMaxLength,
  'openai-responses': DEFAULTS.openAiToolNameMaxLength,
  gemini: DEFAULTS.geminiToolNameMaxLength,
};

/** What {@link compileQuirks} needs besides the provider. */
export interface QuirkSources {
  /** The upstream's wire format (tool-name limits belong to a format). */
  readonly format: UpstreamFormat;
  /** The entry's `max-tokens`, tokens, when set. */
  readonly entryMaxTokens?: number | null | undefined;
  /** The entry's `models` items (their `max-tokens` win over everything). */
  readonly models?: readonly RawUpstreamModel[] | null | undefined;
}

/**
 * The quirk fields of an upstream from its catalog provider (`undefined` for `custom`) and entry:
 * - `replayReasoning`: the provider's flag, else false.
 * - `maxToolNameLength`: the provider's when it speaks the same format, else the format's default:
 *   64 for `openai-chat` and `openai-responses` (`DEFAULTS.openAiToolNameMaxLength`) and for
 *   `gemini` (`DEFAULTS.geminiToolNameMaxLength`), none for `anthropic`.
 * - `maxOutputTokens`: the entry's `max-tokens`.
 * - `modelMaxOutputTokens`: the provider's documented caps, each lowered to the entry's
 *   `max-tokens` when that is smaller, then every `models[].max-tokens` (which may raise them).
 */
export function compileQuirks(
  provider: ProviderDefinition | undefined,
  sources: QuirkSources,
): UpstreamQuirks {
  const entryCap = sources.entryMaxTokens ?? undefined;
  const modelCaps: Record<string, number> = {};
  for (const [model, cap] of Object.entries(provider?.maxOutputTokens ?? {})) {
    modelCaps[model] = entryCap === undefined ? cap : Math.min(cap, entryCap);
  }
  for (const model of sources.models ?? []) {
    const cap = model['max-tokens'];
    if (cap != null) modelCaps[model.name] = cap;
  }
  const sameFormatLimit = provider?.format === sources.format ? provider.maxToolNameLength : undefined;
  const maxToolNameLength = sameFormatLimit ?? DEFAULT_TOOL_NAME_LIMITS[sources.format];
  return {
    replayReasoning: provider?.replayReasoning ?? false,
    maxToolNameLength,
    maxOutputTokens: entryCap,
    modelMaxOutputTokens: modelCaps,
  };
}

/**
 * Settles the id of an entry whose id may be generated: an explicit `name` is kept as it is (its
 * repeats are reported by `claimExplicitNames`); a generated `candidate` (prefix, provider id)
 * that is taken gets `-2`, `-3`, …, and the result is added to `takenIds`.
 * @param name the entry's `name`, trimmed, or `undefined`
 * @param candidate the unsuffixed generated id
 * @param takenIds ids in use; updated with a generated id
 */
export function settleUpstreamId(name: string | undefined, candidate: string, takenIds: Set<string>): string {
  if (name !== undefined) return name;
  let id = candidate;
  for (let suffix = 2; takenIds.has(id); suffix++) id = `${candidate}-${suffix}`;
  takenIds.add(id);
  return id;
}

/** An entry's `models` as compiled: `{name}` or `{name, alias}` (a blank alias is dropped). */
export function compileModels(models: readonly RawUpstreamModel[] | null | undefined): UpstreamModel[] {
  return (models ?? []).map((model) => {
    const alias = nonEmpty(model.alias);
    return alias === undefined ? { name: model.name } : { name: model.name, alias };
  });
}

/** An entry's `excluded-models` globs, trimmed, blanks dropped. */
export function compileExcludedModels(globs: readonly string[] | null | undefined): string[] {
  return (globs ?? []).map((glob) => glob.trim()).filter((glob) => glob !== '');
}

/** A base URL without trailing slashes (`https://x/v1//` → `https://x/v1`). */
export function stripTrailingSlashes(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** A string trimmed, or `undefined` when absent, null or blank ("" means unset throughout the file). */
export function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
