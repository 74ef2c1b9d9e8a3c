import picomatch from 'picomatch';
import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';

/** One upstream plus its exclusion matcher, compiled once per config. */
export interface RouteUpstream {
  readonly upstream: UpstreamConfig;
  /** True when the upstream model name matches one of the entry's `excluded-models` globs. */
  readonly isExcluded: (model: string) => boolean;
}

/**
 * The immutable lookup structure model resolution runs on, built once per compiled config.
 * Maps hold upstreams in config order, so "first" always means "first in the config".
 */
export interface RouteTable {
  readonly config: SwitchboardConfig;
  /** Upstream id and prefix → upstream (ids win over prefixes on a clash). */
  readonly byReferenceName: ReadonlyMap<string, RouteUpstream>;
  /** Alias → (upstream, model name) pairs, non-prefixed upstreams only. */
  readonly aliases: ReadonlyMap<string, readonly RouteTarget[]>;
  /** Listed model name → (upstream, model name) pairs, non-prefixed upstreams only. */
  readonly exactNames: ReadonlyMap<string, readonly RouteTarget[]>;
  /** Non-prefixed upstreams with no `models` list: they take any model name not excluded. */
  readonly openUpstreams: readonly RouteUpstream[];
}

/** One place a request can go: an upstream and the model name sent to it. */
export interface RouteTarget {
  readonly route: RouteUpstream;
  /** The model id sent upstream. */
  readonly model: string;
}

const tables = new WeakMap<SwitchboardConfig, RouteTable>();

/**
 * Compiles (once per config object, memoised) the route table of a config.
 * Pure apart from the memo; never throws.
 */
export function getRouteTable(config: SwitchboardConfig): RouteTable {
  const cached = tables.get(config);
  if (cached) return cached;
  const table = buildRouteTable(config);
  tables.set(config, table);
  return table;
}

function buildRouteTable(config: SwitchboardConfig): RouteTable {
  const byReferenceName = new Map<string, RouteUpstream>();
  const aliases = new Map<string, RouteTarget[]>();
  const exactNames = new Map<string, RouteTarget[]>();
  const openUpstreams: RouteUpstream[] = [];
  const routes = config.upstreams.map((upstream) => toRouteUpstream(upstream));

  for (const route of routes) byReferenceName.set(route.upstream.id, route);
  for (const route of routes) {
    const prefix = route.upstream.prefix;
    if (prefix !== undefined && !byReferenceName.has(prefix)) byReferenceName.set(prefix, route);
  }
  for (const route of routes) {
    if (route.upstream.prefix !== undefined) continue;
    if (route.upstream.models.length === 0) {
      openUpstreams.push(route);
      continue;
    }
    for (const model of route.upstream.models) {
      if (route.isExcluded(model.name)) continue;
      pushTarget(exactNames, model.name, { route, model: model.name });
      if (model.alias !== undefined && model.alias !== '') {
        pushTarget(aliases, model.alias, { route, model: model.name });
      }
    }
  }
  return { config, byReferenceName, aliases, exactNames, openUpstreams };
}

function toRouteUpstream(upstream: UpstreamConfig): RouteUpstream {
  if (upstream.excludedModels.length === 0) return { upstream, isExcluded: () => false };
  const matcher = picomatch(upstream.excludedModels as string[], { dot: true });
  return { upstream, isExcluded: (model) => matcher(model) };
}

function pushTarget(map: Map<string, RouteTarget[]>, key: string, target: RouteTarget): void {
  const list = map.get(key);
  if (list) list.push(target);
  else map.set(key, [target]);
}
