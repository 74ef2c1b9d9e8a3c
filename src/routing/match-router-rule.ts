import type { RouterRules } from '../config/switchboard-config.js';
import type { ClaudeTier } from './resolve-model.js';
import type { RouteSignals } from './route-signals.js';

/** A `router:` rule, named as in the config (`long-context`, `web-search`, `background`, `think`). */
export type RouterRuleName = 'long-context' | 'web-search' | 'background' | 'think';

/** The rule a request matched and the model reference it sends the request to. */
export interface RouterRuleMatch {
  readonly rule: RouterRuleName;
  /** The configured model reference (`upstream/model`, alias or model name), not yet resolved. */
  readonly reference: string;
}

/**
 * The first configured `router:` rule the request matches, in claude-code-router's order:
 * 1. `long-context`: estimated input tokens > `longContextThreshold` (tokenized only when the rule is
 *    configured and the body is larger than the threshold in bytes, see `RouteSignals.inputBytes`);
 * 2. `web-search`: the request carries a web-search tool;
 * 3. `background`: Claude Code's haiku tier;
 * 4. `think`: thinking or a reasoning effort was requested.
 * A rule without a reference (unset or empty) never matches. Whether the reference resolves is the
 * caller's concern (`resolveModel` skips a rule that resolves nowhere).
 * Source: claude-code-router's `router` (`longContext`, `webSearch`, `background`, `think`).
 * @param tier the requested model's Claude Code tier (`claudeTierOf`), if any
 * @returns the match, or `undefined` when no rule applies
 */
export async function matchRouterRule(
  rules: RouterRules,
  signals: RouteSignals,
  tier: ClaudeTier | undefined,
): Promise<RouterRuleMatch | undefined> {
  const threshold = rules.longContextThreshold;
  if (
    isSet(rules.longContext) &&
    signals.inputBytes > threshold &&
    (await signals.estimateInputTokens()) > threshold
  ) {
    return { rule: 'long-context', reference: rules.longContext };
  }
  if (isSet(rules.webSearch) && signals.webSearch) return { rule: 'web-search', reference: rules.webSearch };
  if (isSet(rules.background) && tier === 'haiku') return { rule: 'background', reference: rules.background };
  if (isSet(rules.think) && signals.thinking) return { rule: 'think', reference: rules.think };
  return undefined;
}

/**
 * Whether any rule has a reference (when none has, the caller need not build signals at all).
 */
export function hasRouterRules(rules: RouterRules): boolean {
  return [rules.longContext, rules.webSearch, rules.background, rules.think].some(isSet);
}

function isSet(reference: string | undefined): reference is string {
  return reference !== undefined && reference !== '';
}
