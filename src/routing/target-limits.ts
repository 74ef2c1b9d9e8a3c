import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';
import type { ClaudeTier } from './resolve-model.js';

/** `max_tokens` sent to an Anthropic-format upstream when an OpenAI client set no limit (tokens). */
export const DEFAULT_MAX_OUTPUT_TOKENS = 8192;

/**
 * The largest output an upstream model takes (tokens): the per-model `max-tokens` (config or
 * catalog), else the entry's `max-tokens`, else unknown.
 */
export function outputLimitOf(upstream: UpstreamConfig, model: string): number | undefined {
  return upstream.modelMaxOutputTokens[model] ?? upstream.maxOutputTokens;
}

/**
 * The per-tier thinking switch (`ENABLE_<TIER>_THINKING`, `thinking.<tier>`, falling back to the
 * model-wide one): `false` strips thinking, `true` / `undefined` leave the client's request.
 */
export function thinkingAllowedFor(
  config: SwitchboardConfig,
  tier: ClaudeTier | undefined,
): boolean | undefined {
  const switches = config.thinking;
  return (tier === undefined ? undefined : switches[tier]) ?? switches.default;
}
