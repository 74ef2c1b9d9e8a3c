import type { RawRouting } from './schema.js';
import { ACCEPTED_UNUSED_ROUTING_KEYS } from './schema-pool.js';
import type { RoutingConfig } from './switchboard-config.js';

/** The default of `routing` (CLIProxyAPI's default strategy). */
export const DEFAULT_ROUTING: RoutingConfig = Object.freeze({ strategy: 'round-robin' });

/** The compiled `routing` and the warnings for the operator. */
export interface CompiledRouting {
  readonly routing: RoutingConfig;
  readonly warnings: string[];
}

/**
 * Compiles the top-level `routing` mapping (seed 002): `strategy` `round-robin` (default; spreads
 * requests over a pool by `weight`), `fill-first` (the first available credential in config
 * order), or `weighted-round-robin` (newer CLIProxyAPI; read as `round-robin`, which already
 * honours weights). Each of CLIProxyAPI's `session-affinity*` keys that is present adds the
 * warning `routing.<key> is accepted but not used yet`.
 * @param routing the validated mapping, if any
 */
export function compileRouting(routing: RawRouting | null | undefined): CompiledRouting {
  const warnings = ACCEPTED_UNUSED_ROUTING_KEYS.filter((key) => routing?.[key] != null).map(
    (key) => `routing.${key} is accepted but not used yet`,
  );
  const strategy = routing?.strategy;
  if (strategy == null) return { routing: DEFAULT_ROUTING, warnings };
  return { routing: { strategy: strategy === 'fill-first' ? 'fill-first' : 'round-robin' }, warnings };
}
