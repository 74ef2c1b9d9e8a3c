import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import { CredentialHealth } from '../routing/credential-health.js';
import { createCredential } from '../routing/credential.js';
import { MemoryStateStore } from '../store/memory/memory-state-store.js';
import { countCredentialStates, GatewayMetrics, MAX_MODEL_LABELS } from './metrics.js';
import type { UsageRecord } from './usage-record.js';

function record(fields: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId: 'req_1',
    startedAt: 0,
    inbound: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    upstream: 'anthropic',
    upstreamModel: 'claude-sonnet-4-5',
    attempts: 1,
    stream: true,
    status: 200,
    outcome: 'complete',
    usage: { inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 5, cacheCreationInputTokens: 0 },
    firstByteMs: 300,
    latencyMs: 1500,
    ...fields,
  };
}

async function families(metrics: GatewayMetrics): Promise<Map<string, PrometheusFamily>> {
  const parsed = parsePrometheusTextFormat(await metrics.metrics());
  return new Map(parsed.map((family) => [family.name, family]));
}

function valueOf(family: PrometheusFamily | undefined, labels: Record<string, string>): number | undefined {
  const sample = family?.metrics.find((entry) =>
    Object.entries(labels).every(([key, value]) => entry.labels?.[key] === value),
  );
  return sample?.value === undefined ? undefined : Number(sample.value);
}

describe('GatewayMetrics', () => {
  it('counts requests, tokens and retries and observes latencies from usage records', async () => {
    const metrics = new GatewayMetrics();
    metrics.record(record());
    metrics.record(record({ attempts: 3, status: 200, firstByteMs: 50, latencyMs: 400 }));
    metrics.record(
      record({
        upstream: undefined,
        upstreamModel: undefined,
        requestedModel: 'nonsense-model',
        attempts: 0,
        status: 404,
        outcome: 'rejected',
        errorCode: 'model_not_found',
        firstByteMs: undefined,
        latencyMs: 2,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      }),
    );
    const parsed = await families(metrics);
    const requests = parsed.get('switchboard_requests_total');
    expect(requests?.type).toBe('COUNTER');
    expect(
      valueOf(requests, {
        inbound: 'anthropic',
        upstream: 'anthropic',
        model: 'claude-sonnet-4-5',
        status: '200',
        outcome: 'complete',
      }),
    ).toBe(2);
    expect(valueOf(requests, { upstream: 'none', model: 'other', status: '404', outcome: 'rejected' })).toBe(
      1,
    );
    expect(await metrics.metrics()).not.toContain('nonsense-model');

    const tokens = parsed.get('switchboard_tokens_total');
    expect(valueOf(tokens, { upstream: 'anthropic', type: 'input' })).toBe(200);
    expect(valueOf(tokens, { upstream: 'anthropic', type: 'output' })).toBe(40);
    expect(valueOf(tokens, { upstream: 'anthropic', type: 'cache_read' })).toBe(10);
    expect(valueOf(tokens, { upstream: 'anthropic', type: 'cache_write' })).toBeUndefined();
    expect(valueOf(parsed.get('switchboard_upstream_retries_total'), { upstream: 'anthropic' })).toBe(2);

    const text = await metrics.metrics();
    expect(parsed.get('switchboard_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(parsed.get('switchboard_time_to_first_byte_seconds')?.type).toBe('HISTOGRAM');
    expect(text).toContain(
      'switchboard_time_to_first_byte_seconds_bucket{le="0.05",upstream="anthropic",model="claude-sonnet-4-5",stream="true"} 1',
    );
    expect(text).toContain(
      'switchboard_time_to_first_byte_seconds_count{upstream="anthropic",model="claude-sonnet-4-5",stream="true"} 2',
    );
    expect(text).toContain(
      'switchboard_request_duration_seconds_bucket{le="0.5",upstream="anthropic",model="claude-sonnet-4-5",stream="true"} 1',
    );
    expect(text).toContain(
      'switchboard_request_duration_seconds_bucket{le="300",upstream="none",model="other",stream="true"} 1',
    );
    expect(text).not.toContain('switchboard_time_to_first_byte_seconds_count{upstream="none"');
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('tracks in-flight requests from start to usage record, never below zero', async () => {
    const metrics = new GatewayMetrics();
    metrics.requestStarted();
    metrics.requestStarted();
    expect(valueOf((await families(metrics)).get('switchboard_in_flight_requests'), {})).toBe(2);
    metrics.record(record());
    expect(valueOf((await families(metrics)).get('switchboard_in_flight_requests'), {})).toBe(1);
    metrics.record(record());
    metrics.record(record());
    expect(valueOf((await families(metrics)).get('switchboard_in_flight_requests'), {})).toBe(0);
  });

  it(`bounds the model label to ${MAX_MODEL_LABELS} values`, async () => {
    const metrics = new GatewayMetrics();
    for (let index = 0; index < MAX_MODEL_LABELS + 5; index += 1)
      metrics.record(record({ upstreamModel: `model-${index}` }));
    const requests = (await families(metrics)).get('switchboard_requests_total');
    expect(requests?.metrics).toHaveLength(MAX_MODEL_LABELS + 1);
    expect(valueOf(requests, { model: 'other' })).toBe(5);
  });

  it('reads credential states and limiters at scrape time', async () => {
    const now = 1_000_000;
    const health = new CredentialHealth(new MemoryStateStore());
    const keys = ['sk-a', 'sk-b', 'sk-c', 'sk-d', 'sk-e'].map((apiKey) =>
      createCredential('pool', { apiKey }),
    );
    const pool = makeUpstream('pool', { apiKey: 'sk-a', credentials: keys });
    const cooling = makeUpstream('cooling', { apiKey: 'sk-x' });
    const config = makeConfig([pool, cooling]);
    const event = (index: number) => ({ credentialId: keys[index]?.id ?? '', upstreamId: 'pool', now });
    const action = (
      kind: 'cooldown' | 'blocked' | 'model-unavailable' | 'upstream-cooldown',
      scope: 'credential' | 'credential-model' | 'upstream',
    ) => ({ kind, scope, durationMs: 60_000, reason: 'test', retryable: true }) as const;
    await health.recordFailure({ ...event(0), status: 401, action: action('blocked', 'credential') });
    await health.recordFailure({ ...event(1), status: 429, action: action('cooldown', 'credential') });
    await health.recordFailure({
      ...event(2),
      model: 'm',
      status: 429,
      action: action('cooldown', 'credential-model'),
    });
    await health.recordFailure({
      ...event(3),
      model: 'm',
      status: 404,
      action: action('model-unavailable', 'credential-model'),
    });
    await health.recordFailure({
      credentialId: cooling.credentials[0]?.id ?? '',
      upstreamId: 'cooling',
      now,
      status: 503,
      action: action('upstream-cooldown', 'upstream'),
    });
    const limiters = new Map([['pool', { inFlight: 2, queued: 3 }]]);
    const metrics = new GatewayMetrics({
      sources: { config: () => config, health, limiters: () => limiters, now: () => now },
    });

    const parsed = await families(metrics);
    const credentials = parsed.get('switchboard_credentials');
    expect(credentials?.type).toBe('GAUGE');
    expect(valueOf(credentials, { upstream: 'pool', state: 'blocked' })).toBe(1);
    expect(valueOf(credentials, { upstream: 'pool', state: 'cooling' })).toBe(2);
    expect(valueOf(credentials, { upstream: 'pool', state: 'model_unavailable' })).toBe(1);
    expect(valueOf(credentials, { upstream: 'pool', state: 'available' })).toBe(1);
    expect(valueOf(credentials, { upstream: 'cooling', state: 'cooling' })).toBe(1);
    expect(valueOf(credentials, { upstream: 'cooling', state: 'available' })).toBe(0);
    const limiter = parsed.get('switchboard_upstream_limiter');
    expect(valueOf(limiter, { upstream: 'pool', kind: 'in_flight' })).toBe(2);
    expect(valueOf(limiter, { upstream: 'pool', kind: 'queued' })).toBe(3);

    // Later scrapes see later state: the limiter left, the cooldowns ended.
    limiters.clear();
    const later = new GatewayMetrics({
      sources: { config: () => config, health, limiters: () => limiters, now: () => now + 120_000 },
    });
    const again = await families(later);
    expect(valueOf(again.get('switchboard_credentials'), { upstream: 'pool', state: 'available' })).toBe(5);
    expect(again.get('switchboard_upstream_limiter')?.metrics ?? []).toHaveLength(0);
  });

  it('leaves the credential gauge empty when the state store fails, without failing the scrape', async () => {
    const config = makeConfig([makeUpstream('pool', { apiKey: 'sk-a' })]);
    const metrics = new GatewayMetrics({
      sources: {
        config: () => config,
        health: { snapshot: () => Promise.reject(new Error('store down')) },
        limiters: () => new Map(),
      },
    });
    expect((await families(metrics)).get('switchboard_credentials')?.metrics ?? []).toHaveLength(0);
  });

  it('exports process metrics on request', async () => {
    const metrics = new GatewayMetrics({ processMetrics: true });
    expect(await metrics.metrics()).toContain('process_cpu_user_seconds_total');
  });
});

describe('countCredentialStates', () => {
  it('counts every credential of every upstream as available without health records', () => {
    const config = makeConfig([makeUpstream('a', { apiKey: 'sk-1' }), makeUpstream('keyless')]);
    const counts = countCredentialStates(config, { credentials: [], upstreams: [] }, 0);
    expect(counts.get('a')).toEqual({ blocked: 0, cooling: 0, model_unavailable: 0, available: 1 });
    expect(counts.get('keyless')).toEqual({ blocked: 0, cooling: 0, model_unavailable: 0, available: 0 });
  });
});
