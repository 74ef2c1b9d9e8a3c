import type { FastifyInstance } from 'fastify';
import type { UpstreamConfig } from '../../config/switchboard-config.js';
import type { UsageRecord } from '../../observability/usage-record.js';
import type { CredentialHealthRecord, HealthSnapshot } from '../../routing/credential-health.js';
import { listLimiters } from '../../routing/upstream-limiters.js';
import type { GatewayContext } from '../gateway-context.js';
import { maskUrlCredentials } from './management-config-view.js';

/** Requests and errors counted from the in-memory usage log. */
interface RequestCounts {
  requests: number;
  /** Requests that ended `rejected` or `failed` (client aborts are not errors). */
  errors: number;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * `GET /upstreams` in the management scope (issue 6: upstream and credential status). Answers
 * `{ upstreams: [...] }`, one per upstream of the running config:
 * `{ id, provider, format, base_url, source, limits, limiter: { in_flight, queued }, cooldown_until,
 * cooldown_reason, requests, errors, credentials: [...] }`, each credential
 * `{ id, priority, weight, prefix, availability, until, blocked_reason, last_status, recent_statuses:
 * [{ status, at }], models: [{ model, cooldown_until, unavailable_until, reason }], requests, errors }`.
 * `availability` is the whole credential's (`available`, `cooling`, `blocked`, `upstream-cooling`;
 * per-model cooldowns and unavailability are under `models`); times are ISO 8601 or null; `limits`
 * in counts and ms; `status` 0 = no answer. Counts come from the in-memory usage log (its latest
 * records). Never a key: credentials appear by id only.
 */
export function registerManagementUpstreamsRoute(scope: FastifyInstance, context: GatewayContext): void {
  scope.get('/upstreams', async (_request, reply) => {
    const config = context.configHolder.current;
    const now = Date.now();
    const snapshot = await context.health.snapshot(now);
    const counts = countRequests(context.usage.records());
    const upstreams = await Promise.all(
      config.upstreams.map((upstream) => describeUpstream(upstream, { context, snapshot, counts, now })),
    );
    return reply.send({ upstreams });
  });
}

interface DescribeInput {
  readonly context: GatewayContext;
  readonly snapshot: HealthSnapshot;
  readonly counts: ReadonlyMap<string, RequestCounts>;
  /** ms since epoch */
  readonly now: number;
}

async function describeUpstream(upstream: UpstreamConfig, input: DescribeInput) {
  const { context, snapshot, counts, now } = input;
  const cooling = snapshot.upstreams.find((record) => record.upstreamId === upstream.id);
  const limiter = listLimiters().get(upstream.id);
  const records = new Map(snapshot.credentials.map((record) => [record.credentialId, record]));
  const states = await context.health.inspect(upstream.credentials, upstream.id, undefined, now);
  const upstreamCounts = counts.get(`upstream\u0000${upstream.id}`) ?? { requests: 0, errors: 0 };
  return {
    id: upstream.id,
    provider: upstream.providerId,
    format: upstream.format,
    base_url: maskUrlCredentials(upstream.baseUrl),
    source: upstream.source,
    limits: upstream.limits,
    limiter: { in_flight: limiter?.inFlight ?? 0, queued: limiter?.queued ?? 0 },
    cooldown_until: iso(cooling?.cooldownUntil),
    cooldown_reason: cooling?.reason ?? null,
    ...upstreamCounts,
    credentials: states.map(({ credential, availability }) => {
      const record = records.get(credential.id);
      return {
        id: credential.id,
        priority: credential.priority,
        weight: credential.weight,
        prefix: credential.prefix ?? null,
        availability: availability.available ? 'available' : availability.kind,
        until: availability.available ? null : iso(availability.untilMs),
        blocked_reason: record?.blockedReason ?? null,
        last_status: record?.lastStatuses.at(-1)?.status ?? null,
        recent_statuses: (record?.lastStatuses ?? []).map((sample) => ({
          status: sample.status,
          at: iso(sample.at),
        })),
        models: modelStates(record),
        ...(counts.get(credential.id) ?? { requests: 0, errors: 0 }),
      };
    }),
  };
}

function modelStates(record: CredentialHealthRecord | undefined) {
  return Object.entries(record?.models ?? {}).map(([model, state]) => ({
    model,
    cooldown_until: iso(state.cooldownUntil),
    unavailable_until: iso(state.unavailableUntil),
    reason: state.reason ?? null,
  }));
}

/** Requests and errors per credential id, and per upstream (key `upstream\0<id>`). */
function countRequests(records: readonly UsageRecord[]): Map<string, RequestCounts> {
  const counts = new Map<string, RequestCounts>();
  const add = (key: string, failed: boolean): void => {
    const entry = counts.get(key) ?? { requests: 0, errors: 0 };
    entry.requests += 1;
    if (failed) entry.errors += 1;
    counts.set(key, entry);
  };
  for (const record of records) {
    const failed = record.outcome === 'rejected' || record.outcome === 'failed';
    if (record.credentialId !== undefined) add(record.credentialId, failed);
    if (record.upstream !== undefined) add(`upstream\u0000${record.upstream}`, failed);
  }
  return counts;
}
