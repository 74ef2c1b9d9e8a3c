import { LRUCache } from 'lru-cache';
import type { SwitchboardConfig, UpstreamConfig } from '../config/switchboard-config.js';
import { fetchUpstreamModels, type UpstreamModelInfo } from '../providers/fetch-upstream-models.js';
import { encodeClaudeCodeModelId, isClaudeCodeVisible } from './claude-code-model-id.js';
import { resolveModel } from './resolve-model.js';
import { getRouteTable, type RouteTable } from './route-table.js';

/** A model a client can send, as `GET /v1/models` lists it. */
export interface RoutableModel {
  /** The id to send as `model`; it resolves back to `upstreamId` / `upstreamModel`. */
  readonly id: string;
  readonly displayName: string;
  /** RFC 3339 time. */
  readonly createdAt: string;
  readonly upstreamId: string;
  readonly upstreamModel: string;
}

/** How long an open upstream's own model list is reused, ms, and how long it may take. */
const UPSTREAM_LIST_TTL_MS = 10 * 60_000;
const UPSTREAM_LIST_TIMEOUT_MS = 3_000;
/** Shown as `created_at` for models whose upstream gives no date: the gateway's start. */
const GATEWAY_STARTED_AT = new Date().toISOString();

const upstreamLists = new LRUCache<string, UpstreamModelInfo[]>({ max: 256, ttl: UPSTREAM_LIST_TTL_MS });

/**
 * Every model a client can pick, in config order: each upstream's listed models and aliases (as
 * `prefix/name` for prefixed upstreams, and as `upstream/name` wherever the bare name would route
 * to another upstream first, so every id routes back to the model listed), and for open
 * upstreams (no `models` list) the upstream's own `/v1/models`, fetched once per 10 minutes. With `forClaudeCode`, ids that Claude Code's
 * gateway discovery would drop (no `claude` / `anthropic` in them) are listed as
 * `claude-via/<upstream>/<model>` (when `claude-code-model-ids` is on).
 * @param forClaudeCode the caller is an Anthropic-format client (sent `anthropic-version`)
 */
export async function listRoutableModels(
  config: SwitchboardConfig,
  forClaudeCode: boolean,
): Promise<RoutableModel[]> {
  const table = getRouteTable(config);
  const seen = new Set<string>();
  const models: RoutableModel[] = [];
  const lists = await Promise.all(config.upstreams.map((upstream) => modelsOf(upstream)));
  config.upstreams.forEach((upstream, index) => {
    const route = table.byReferenceName.get(upstream.id);
    for (const info of lists[index] ?? []) {
      if (route?.isExcluded(info.name)) continue;
      const names =
        upstream.prefix !== undefined ? [`${upstream.prefix}/${info.name}`] : [info.alias ?? info.name];
      if (upstream.prefix === undefined && info.alias !== undefined) names.push(info.name);
      for (const listed of names) {
        const name = routesBackTo(table, listed, upstream.id) ? listed : `${upstream.id}/${info.name}`;
        const id =
          forClaudeCode && config.claudeCodeModelIds && !isClaudeCodeVisible(name)
            ? encodeClaudeCodeModelId(upstream.id, info.name)
            : name;
        if (seen.has(id)) continue;
        seen.add(id);
        models.push({
          id,
          displayName: info.displayName ?? `${info.name} (${upstream.id})`,
          createdAt: info.createdAt ?? GATEWAY_STARTED_AT,
          upstreamId: upstream.id,
          upstreamModel: info.name,
        });
      }
    }
  });
  return models;
}

/** Whether a client sending `name` reaches `upstreamId` first (else the listing must be explicit). */
function routesBackTo(table: RouteTable, name: string, upstreamId: string): boolean {
  try {
    return resolveModel(table, name).candidates[0]?.route.upstream.id === upstreamId;
  } catch {
    return false;
  }
}

interface ListedName {
  readonly name: string;
  readonly alias?: string | undefined;
  readonly displayName?: string | undefined;
  readonly createdAt?: string | undefined;
}

async function modelsOf(upstream: UpstreamConfig): Promise<ListedName[]> {
  if (upstream.models.length > 0) {
    return upstream.models.map((model) => ({ name: model.name, alias: model.alias || undefined }));
  }
  const key = `${upstream.id}\u0000${upstream.baseUrl}`;
  let list = upstreamLists.get(key);
  if (!list) {
    list = (await fetchUpstreamModels(upstream, UPSTREAM_LIST_TIMEOUT_MS)) ?? [];
    if (list.length > 0) upstreamLists.set(key, list);
  }
  return list.map((info) => ({ name: info.id, displayName: info.displayName, createdAt: info.createdAt }));
}
