import type { ProviderDefinition } from '../providers/define-provider.js';
import type { RawUpstreamModel } from './schema.js';
import type { UpstreamConfig, UpstreamFormat, UpstreamModel } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/** The provider-derived fields every compiled upstream carries (see `UpstreamConfig`). */
export type UpstreamQuirks = Pick<
  UpstreamConfig,
  'replayReasoning' | 'maxToolNameLength' | 'maxOutputTokens' | 'modelMaxOutputTokens'
>;

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
 * - `maxToolNameLength`: the provider's when it speaks the same format; an `openai-chat` upstream
 *   without one gets OpenAI's 64 (`DEFAULTS.openAiToolNameMaxLength`), an `anthropic` one none.
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
  const maxToolNameLength =
    sameFormatLimit ?? (sources.format === 'openai-chat' ? DEFAULTS.openAiToolNameMaxLength : undefined);
  return {
    replayReasoning: provider?.replayReasoning ?? false,
    maxToolNameLength,
    maxOutputTokens: entryCap,
    modelMaxOutputTokens: modelCaps,
  };
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
