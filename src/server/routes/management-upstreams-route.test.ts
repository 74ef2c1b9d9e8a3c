import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../../test/support/config-factories.js';
import {
  buildManagementApp,
  MANAGEMENT_HEADERS,
  withManagementSecret,
} from '../../../test/support/management-app.js';
import { EMPTY_IR_USAGE } from '../../ir/usage.js';
import type { UsageRecord } from '../../observability/usage-record.js';
import { classifyFailure, DEFAULT_COOLDOWN_POLICY } from '../../routing/cooldown-policy.js';
import { createCredential } from '../../routing/credential.js';
import { limiterFor } from '../../routing/upstream-limiters.js';

const first = createCredential('pool', {
  apiKey: 'sk-pool-first-key',
  priority: 2,
  weight: 3,
  prefix: 'team',
});
const second = createCredential('pool', { apiKey: 'sk-pool-second-key' });
const pool = makeUpstream('pool', {
  apiKey: 'sk-pool-first-key',
  credentials: [first, second],
  limits: { rateLimit: 0, rateWindowMs: 60_000, maxConcurrency: 2, queueSize: 4, queueTimeoutMs: 1000 },
});
const local = makeUpstream('local', { baseUrl: 'http://user:pw@127.0.0.1:11434' });

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function record(fields: Partial<UsageRecord>): UsageRecord {
  return {
    requestId: 'req_1',
    startedAt: 0,
    inbound: 'anthropic',
    requestedModel: 'm',
    attempts: 1,
    stream: false,
    status: 200,
    outcome: 'complete',
    usage: EMPTY_IR_USAGE,
    latencyMs: 1,
    ...fields,
  };
}

describe('GET /v0/management/upstreams', () => {
  it('reports limits, limiter counters, cooldowns, credential states and request counts, never a key', async () => {
    const built = buildManagementApp({ config: withManagementSecret(makeConfig([pool, local])) });
    app = built.app;
    const { health, usage } = built.context;
    const now = Date.now();
    const slot = await limiterFor(pool).acquire(undefined);
    await health.recordFailure({
      credentialId: first.id,
      upstreamId: 'pool',
      model: 'm',
      action: classifyFailure(
        { status: 429, headers: { 'retry-after': '60' } },
        DEFAULT_COOLDOWN_POLICY,
        0,
        now,
      ),
      status: 429,
      now,
    });
    await health.recordFailure({
      credentialId: second.id,
      upstreamId: 'pool',
      action: classifyFailure({ status: 401, headers: {} }, DEFAULT_COOLDOWN_POLICY, 0, now),
      status: 401,
      now,
    });
    usage.record(record({ upstream: 'pool', credentialId: first.id }));
    usage.record(record({ upstream: 'pool', credentialId: first.id, outcome: 'rejected', status: 429 }));
    usage.record(record({ upstream: 'pool', credentialId: second.id, outcome: 'aborted' }));

    const response = await app.inject({
      method: 'GET',
      url: '/v0/management/upstreams',
      headers: MANAGEMENT_HEADERS,
    });
    slot.release();
    expect(response.statusCode).toBe(200);
    const body = response.json<{ upstreams: Record<string, unknown>[] }>();
    expect(body.upstreams).toHaveLength(2);
    expect(body.upstreams[0]).toMatchObject({
      id: 'pool',
      format: 'anthropic',
      limits: { maxConcurrency: 2, queueSize: 4 },
      limiter: { in_flight: 1, queued: 0 },
      cooldown_until: null,
      requests: 3,
      errors: 1,
      credentials: [
        {
          id: first.id,
          priority: 2,
          weight: 3,
          prefix: 'team',
          last_status: 429,
          recent_statuses: [{ status: 429, at: expect.any(String) }],
          requests: 2,
          errors: 1,
        },
        {
          id: second.id,
          availability: 'blocked',
          until: expect.any(String),
          blocked_reason: expect.any(String),
          last_status: 401,
          requests: 1,
          errors: 0,
        },
      ],
    });
    const firstState = (body.upstreams[0]?.credentials as Record<string, unknown>[])[0];
    expect(firstState).toMatchObject({
      availability: 'available',
      until: null,
      models: [{ model: 'm', cooldown_until: expect.any(String), unavailable_until: null }],
    });
    expect(body.upstreams[1]).toMatchObject({
      id: 'local',
      base_url: 'http://****@127.0.0.1:11434',
      limiter: { in_flight: 0, queued: 0 },
      credentials: [],
      requests: 0,
    });
    expect(response.body).not.toContain('sk-pool');
  });
});
