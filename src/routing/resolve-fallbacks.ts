import type { ModelResolution } from './resolve-model.js';
import { resolveReference } from './resolve-model.js';
import type { RouteTable, RouteTarget } from './route-table.js';

/** One fallback model: the configured reference and where it resolves. */
export interface FallbackStage {
  /** The reference as listed under `fallbacks` (`upstream/model`, alias or model name). */
  readonly reference: string;
  /** Non-empty, in config order (as `resolveReference` returns them). */
  readonly candidates: readonly RouteTarget[];
}

/** The fallbacks of one resolution. */
export interface FallbackPlan {
  /** The `fallbacks` key that matched, when one did. */
  readonly key?: string | undefined;
  /** In the configured order, without references that resolve nowhere or repeat an earlier stage. */
  readonly stages: readonly FallbackStage[];
  /** Listed references that resolve to no upstream (kept for the debug route and the log). */
  readonly unresolved: readonly string[];
}

/**
 * The fallback models of a resolution (`fallbacks` in the config). The list is looked up by the
 * requested model, then, for each primary candidate in order, by `${upstream.id}/${model}` and then
 * by its bare model name; the first key found wins. Each listed reference is resolved as tier
 * targets are (`resolveReference`: `upstream/model`, alias, listed name, open upstreams).
 * References that resolve to nothing go to `unresolved`; a stage whose candidates are the same
 * (upstream id, model) set as the primary's or an earlier stage's is dropped. Pure.
 * @param table the route table the resolution was made on
 * @param resolution the request's resolution (`resolveModel`)
 */
export function resolveFallbacks(table: RouteTable, resolution: ModelResolution): FallbackPlan {
  const fallbacks = table.config.fallbacks;
  if (fallbacks.size === 0) return { stages: [], unresolved: [] };
  const keys = [resolution.requestedModel];
  for (const target of resolution.candidates)
    keys.push(`${target.route.upstream.id}/${target.model}`, target.model);
  const key = keys.find((name) => fallbacks.has(name));
  if (key === undefined) return { stages: [], unresolved: [] };

  const seen = new Set([signatureOf(resolution.candidates)]);
  const stages: FallbackStage[] = [];
  const unresolved: string[] = [];
  for (const reference of fallbacks.get(key) ?? []) {
    const candidates = resolveReference(table, reference);
    if (candidates.length === 0) {
      unresolved.push(reference);
      continue;
    }
    const signature = signatureOf(candidates);
    if (seen.has(signature)) continue;
    seen.add(signature);
    stages.push({ reference, candidates });
  }
  return { key, stages, unresolved };
}

/**
 * Preview variants of a target (`quota-exceeded.switch-preview-model`, seed 002): the same
 * upstream's listed models (`models[].name`) that start with `${target.model}-preview`
 * (`gemini-2.5-pro` → `gemini-2.5-pro-preview-06-05`), not excluded by `excluded-models`, in list
 * order. Open upstreams (no `models` list) have none: their model names are unknown.
 * @returns targets on the same upstream; empty when there is none
 */
export function previewVariantsOf(target: RouteTarget): RouteTarget[] {
  const prefix = `${target.model}-preview`;
  const variants: RouteTarget[] = [];
  for (const model of target.route.upstream.models) {
    if (model.name.startsWith(prefix) && !target.route.isExcluded(model.name)) {
      variants.push({ route: target.route, model: model.name });
    }
  }
  return variants;
}

/** Order-independent identity of a candidate list: its (upstream id, model) pairs, sorted. */
function signatureOf(candidates: readonly RouteTarget[]): string {
  return candidates
    .map((target) => `${target.route.upstream.id}\u0000${target.model}`)
    .sort()
    .join('\u0001');
}

/**
 * The preview variants of every candidate ({@link previewVariantsOf}), each (upstream, model) once,
 * in candidate order: the targets of a `quota-exceeded.switch-preview-model` stage.
 */
export function previewCandidatesOf(candidates: readonly RouteTarget[]): RouteTarget[] {
  const seen = new Set<string>();
  return candidates
    .flatMap((target) => previewVariantsOf(target))
    .filter((target) => {
      const key = `${target.route.upstream.id}\u0000${target.model}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
