import type { AttemptStage } from './execute-stages.js';
import { previewCandidatesOf, resolveFallbacks } from './resolve-fallbacks.js';
import type { ModelResolution } from './resolve-model.js';
import type { RouteTable } from './route-table.js';

/**
 * The stage of a request's own resolution.
 * @returns `{ kind: 'primary', reference: requested model, candidates: resolution.candidates }`
 */
export function primaryStage(resolution: ModelResolution): AttemptStage {
  return { kind: 'primary', reference: resolution.requestedModel, candidates: resolution.candidates };
}

/**
 * The stages after the primary one, in the order they are tried: the primary candidates' preview
 * variants (when `quota-exceeded.switch-preview-model` is on; entered only after a 429), then each
 * `fallbacks` reference of the requested model (seed 002 "Quota Auto-Switch"; issue 5 "fallbacks").
 * Pure; references that resolve to nothing are left out (the route inspector reports them).
 */
export function planLaterStages(table: RouteTable, resolution: ModelResolution): AttemptStage[] {
  const stages: AttemptStage[] = [];
  if (table.config.quotaExceeded.switchPreviewModel) {
    const previews = previewCandidatesOf(resolution.candidates);
    const first = previews[0];
    if (first !== undefined) {
      stages.push({
        kind: 'preview',
        reference: `${first.route.upstream.id}/${first.model}`,
        candidates: previews,
      });
    }
  }
  for (const fallback of resolveFallbacks(table, resolution).stages) {
    stages.push({ kind: 'fallback', reference: fallback.reference, candidates: fallback.candidates });
  }
  return stages;
}
