import { ModelNotFoundError } from '../errors/gateway-error.js';
import { decodeClaudeCodeModelId } from './claude-code-model-id.js';
import { hasRouterRules, matchRouterRule, type RouterRuleMatch } from './match-router-rule.js';
import type { RouteSignals } from './route-signals.js';
import type { RouteTable, RouteTarget, RouteUpstream } from './route-table.js';

/** Claude Code's model tiers. */
export type ClaudeTier = 'opus' | 'sonnet' | 'haiku';

/** Which resolution step matched, in precedence order. */
export type ResolutionStep =
  'override' | 'explicit' | 'rule' | 'alias' | 'tier' | 'exact' | 'open' | 'default';

/** Where a requested model goes: ordered candidates (the first is the primary target). */
export interface ModelResolution {
  /** The model name the client asked for. */
  readonly requestedModel: string;
  readonly step: ResolutionStep;
  /** Set when the Claude Code tier mapping applied (or would have: the request named a tier). */
  readonly tier?: ClaudeTier | undefined;
  /** The `router:` rule that chose the candidates (step `rule`). */
  readonly rule?: RouterRuleMatch | undefined;
  /**
   * Set when a rule matched but its reference resolves to no upstream, so normal resolution went
   * on: a message naming the rule and its reference (shown by `GET /v0/route`).
   */
  readonly skippedRule?: string | undefined;
  /** Non-empty, in config order. */
  readonly candidates: readonly RouteTarget[];
}

/**
 * Resolves a requested model to upstream targets. Order (issue 2, "Model resolution"):
 * request-scoped override → explicit `upstream/model` (and reversible `claude-via/…` ids) →
 * the matched `router:` rule (when its reference resolves; else it is noted in `skippedRule`) →
 * aliases → Claude Code tier mapping → exact model names → open upstreams → `model-routing.default`.
 * `excluded-models` globs remove a model from an upstream at every step. Pure: no I/O, no clock.
 *
 * @param table compiled route table (`getRouteTable(config)`)
 * @param requestedModel the request's `model` field
 * @param override model reference from an inbound token `KEY:upstream/model`, if any
 * @param rule the request's `router:` rule (`matchRouterRule`), if any
 * @throws ModelNotFoundError (404) when nothing resolves; the message lists models that would
 */
export function resolveModel(
  table: RouteTable,
  requestedModel: string,
  override?: string,
  rule?: RouterRuleMatch,
): ModelResolution {
  const pinned = resolvePinned(table, requestedModel, override);
  if (pinned) return pinned;
  const tier = claudeTierOf(requestedModel);
  let base: Pick<ModelResolution, 'requestedModel' | 'tier' | 'skippedRule'> = { requestedModel, tier };
  if (rule !== undefined) {
    const targets = resolveReference(table, rule.reference);
    if (targets.length > 0) return { ...base, step: 'rule', rule, candidates: targets };
    base = {
      ...base,
      skippedRule: `router.${rule.rule} is '${rule.reference}', which resolves to no upstream; ignored.`,
    };
  }

  const aliased = table.aliases.get(requestedModel);
  if (aliased) return { ...base, step: 'alias', candidates: aliased };

  if (tier !== undefined) {
    const target = table.config.modelRouting[tier];
    if (target !== undefined && target !== '') {
      const targets = resolveReference(table, target);
      if (targets.length === 0) {
        throw notFound(table, `model-routing.${tier} is '${target}', which resolves to no upstream.`);
      }
      return { ...base, step: 'tier', candidates: targets };
    }
  }

  const exact = table.exactNames.get(requestedModel);
  if (exact) return { ...base, step: 'exact', candidates: exact };

  const open = openTargets(table, requestedModel);
  if (open.length > 0) return { ...base, step: 'open', candidates: open };

  const fallback = table.config.modelRouting.default;
  if (fallback !== undefined && fallback !== '') {
    const targets = resolveReference(table, fallback);
    if (targets.length > 0) return { ...base, step: 'default', candidates: targets };
    throw notFound(table, `model-routing.default is '${fallback}', which resolves to no upstream.`);
  }
  throw notFound(table, `Model '${requestedModel}' is not served by any configured upstream.`);
}

/**
 * {@link resolveModel} with the config's `router:` rules: the rule is matched (`matchRouterRule`)
 * only when neither an override nor an explicit `upstream/model` pins the request and some rule is
 * configured, so pinned requests and configs without rules never tokenize anything.
 * @param signals the request's signals (`routeSignalsOfAnthropicBody` / `routeSignalsOfIr`)
 * @throws ModelNotFoundError (404) as {@link resolveModel}
 */
export async function resolveModelWithRules(
  table: RouteTable,
  requestedModel: string,
  override: string | undefined,
  signals: RouteSignals,
): Promise<ModelResolution> {
  const pinned = resolvePinned(table, requestedModel, override);
  if (pinned) return pinned;
  const rules = table.config.router;
  const rule = hasRouterRules(rules)
    ? await matchRouterRule(rules, signals, claudeTierOf(requestedModel))
    : undefined;
  return resolveModel(table, requestedModel, override, rule);
}

/** Steps stronger than the rules: the inbound-token override, then an explicit `upstream/model`. */
function resolvePinned(
  table: RouteTable,
  requestedModel: string,
  override: string | undefined,
): ModelResolution | undefined {
  const tier = claudeTierOf(requestedModel);
  if (override !== undefined && override !== '') {
    const targets = resolveReference(table, override);
    if (targets.length === 0) {
      throw notFound(table, `The model override '${override}' in the inbound token resolves to no upstream.`);
    }
    return { requestedModel, step: 'override', tier, candidates: targets };
  }
  const explicit = resolveExplicit(table, decodeClaudeCodeModelId(requestedModel) ?? requestedModel);
  if (!explicit) return undefined;
  if (explicit.length === 0) throw excludedExplicit(table, requestedModel);
  return { requestedModel, step: 'explicit', tier, candidates: explicit };
}

/**
 * Resolves a model reference from the config (tier targets, `default`, token overrides):
 * `upstream/model`, or a bare alias / model name. Bare names offered by several upstreams yield
 * every offer, in config order.
 * @returns targets in config order; empty when the reference resolves nowhere
 */
export function resolveReference(table: RouteTable, reference: string): RouteTarget[] {
  const explicit = resolveExplicit(table, reference);
  if (explicit) return explicit;
  const aliased = table.aliases.get(reference);
  if (aliased) return [...aliased];
  const exact = table.exactNames.get(reference);
  if (exact) return [...exact];
  return openTargets(table, reference);
}

/**
 * Claude Code's tier of a model name: `opus`/`sonnet`/`haiku` themselves, and any `claude-…`
 * name containing one of them (`claude-opus-4-8`, `claude-3-5-haiku-20241022`).
 * @returns the tier, or `undefined` for any other name
 */
export function claudeTierOf(model: string): ClaudeTier | undefined {
  const name = model.toLowerCase();
  if (name === 'opus' || name === 'sonnet' || name === 'haiku') return name;
  if (!name.startsWith('claude-')) return undefined;
  if (name.includes('opus')) return 'opus';
  if (name.includes('sonnet')) return 'sonnet';
  if (name.includes('haiku')) return 'haiku';
  return undefined;
}

/**
 * `upstream/model` where `upstream` is an upstream id or prefix. The model part may contain
 * further slashes (`open_router/stepfun/step-3.5-flash:free`) and may be one of that upstream's
 * aliases. Returns `undefined` when the head names no upstream (then the whole string is a bare
 * name), and `[]` when the upstream excludes the model.
 */
function resolveExplicit(table: RouteTable, reference: string): RouteTarget[] | undefined {
  const slash = reference.indexOf('/');
  if (slash <= 0) return undefined;
  const route = table.byReferenceName.get(reference.slice(0, slash));
  if (!route) return undefined;
  const modelPart = reference.slice(slash + 1);
  if (modelPart === '') return undefined;
  const aliasOf = route.upstream.models.find((model) => model.alias === modelPart)?.name;
  const model = aliasOf ?? modelPart;
  return route.isExcluded(model) ? [] : [{ route, model }];
}

function openTargets(table: RouteTable, model: string): RouteTarget[] {
  const targets: RouteTarget[] = [];
  for (const route of table.openUpstreams) {
    if (!route.isExcluded(model)) targets.push({ route, model });
  }
  return targets;
}

function excludedExplicit(table: RouteTable, requestedModel: string): ModelNotFoundError {
  return notFound(table, `Model '${requestedModel}' is excluded by that upstream's excluded-models.`);
}

/** Most model names a 404 message lists before it says "and N more". */
const MAX_LISTED_MODELS = 40;

function notFound(table: RouteTable, lead: string): ModelNotFoundError {
  const names = listResolvableModelNames(table);
  const shown = names.slice(0, MAX_LISTED_MODELS);
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  const list =
    shown.length === 0
      ? 'No upstream is configured: add a claude-api-key entry to config.yaml or set a provider key such as ANTHROPIC_API_KEY.'
      : `Models that resolve: ${shown.join(', ')}${more}.`;
  return new ModelNotFoundError(`${lead} ${list}`);
}

/**
 * Names a client can send that resolve, for error messages and the banner: tiers with a
 * target, aliases, listed names, and `upstream/*` for upstreams that take any name.
 */
export function listResolvableModelNames(table: RouteTable): string[] {
  const names = new Set<string>();
  const routing = table.config.modelRouting;
  for (const tier of ['opus', 'sonnet', 'haiku'] as const) {
    if (routing[tier]) names.add(tier);
  }
  for (const alias of table.aliases.keys()) names.add(alias);
  for (const name of table.exactNames.keys()) names.add(name);
  for (const route of uniqueRoutes(table)) {
    const upstream = route.upstream;
    if (upstream.models.length === 0) names.add(`${upstream.id}/*`);
    else if (upstream.prefix !== undefined) {
      for (const model of upstream.models) {
        if (!route.isExcluded(model.name)) names.add(`${upstream.prefix}/${model.name}`);
      }
    }
  }
  return [...names];
}

function uniqueRoutes(table: RouteTable): Set<RouteUpstream> {
  return new Set(table.byReferenceName.values());
}
