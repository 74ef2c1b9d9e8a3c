import { nonEmpty } from './compile-upstream-fields.js';
import type { RawRouter } from './schema.js';
import type { RouterRules } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

/**
 * Compiles `router` (Switchboard's key, after claude-code-router's `Router` rules; no seed has it): `background`, `think`, `long-context`,
 * `web-search` are model references, trimmed; `""` or no value leaves the rule unset (absent).
 * `long-context-threshold` is in tokens (default `DEFAULTS.longContextThreshold`, 60 000). No
 * reference is resolved here: upstreams may be discovered later.
 * @param raw the validated mapping, if any
 */
export function compileRouter(raw: RawRouter | null | undefined): RouterRules {
  const rules: { -readonly [Key in keyof RouterRules]: RouterRules[Key] } = {
    longContextThreshold: raw?.['long-context-threshold'] ?? DEFAULTS.longContextThreshold,
  };
  const background = nonEmpty(raw?.background);
  const think = nonEmpty(raw?.think);
  const longContext = nonEmpty(raw?.['long-context']);
  const webSearch = nonEmpty(raw?.['web-search']);
  if (background !== undefined) rules.background = background;
  if (think !== undefined) rules.think = think;
  if (longContext !== undefined) rules.longContext = longContext;
  if (webSearch !== undefined) rules.webSearch = webSearch;
  return rules;
}
