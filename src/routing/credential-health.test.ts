import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../store/memory/memory-state-store.js';
import { classifyFailure, DEFAULT_COOLDOWN_POLICY, type FailureInput } from './cooldown-policy.js';
import { CredentialHealth } from './credential-health.js';
import { createCredential, type UpstreamCredential } from './credential.js';

const START = Date.parse('2025-08-21T12:00:00Z');
const MINUTE = 60_000;

let time = START;
let health: CredentialHealth;
let alpha: UpstreamCredential;
let beta: UpstreamCredential;

beforeEach(() => {
  time = START;
  health = new CredentialHealth(new MemoryStateStore({ now: () => time }));
  alpha = createCredential('anthropic', { apiKey: 'sk-alpha' });
  beta = createCredential('anthropic', { apiKey: 'sk-beta' });
});

async function fail(credential: UpstreamCredential, input: FailureInput, model = 'claude-x'): Promise<void> {
  const level = await health.backoffLevel(credential.id);
  const action = classifyFailure(input, DEFAULT_COOLDOWN_POLICY, level, time);
  await health.recordFailure({
    credentialId: credential.id,
    upstreamId: 'anthropic',
    model,
    action,
    status: input.status,
    now: time,
  });
}

const availability = (credential: UpstreamCredential, model = 'claude-x') =>
  health.availability(credential, 'anthropic', model, time);

describe('CredentialHealth', () => {
  it('starts available', async () => {
    expect(await availability(alpha)).toEqual({ available: true });
  });

  it('cools a credential for one model on 429, until the hint ends', async () => {
    await fail(alpha, { status: 429, headers: { 'retry-after': '30' } });
    expect(await availability(alpha)).toEqual({ available: false, kind: 'cooling', untilMs: START + 30_000 });
    expect(await availability(alpha, 'claude-other')).toEqual({ available: true });
    expect(await availability(beta)).toEqual({ available: true });
    time += 29_999;
    expect((await availability(alpha)).available).toBe(false);
    time += 1;
    expect(await availability(alpha)).toEqual({ available: true });
  });

  it('backs off exponentially without a hint, and a success clears the level', async () => {
    await fail(alpha, { status: 429, headers: {} });
    expect(await availability(alpha)).toMatchObject({ untilMs: START + 1000 });
    time += 1000;
    await fail(alpha, { status: 429, headers: {} });
    expect(await availability(alpha)).toMatchObject({ untilMs: time + 2000 });
    time += 2000;
    await fail(alpha, { status: 429, headers: {} });
    expect(await availability(alpha)).toMatchObject({ untilMs: time + 4000 });
    expect(await health.backoffLevel(alpha.id)).toBe(3);
    time += 4000;
    await health.recordSuccess({
      credentialId: alpha.id,
      upstreamId: 'anthropic',
      model: 'claude-x',
      now: time,
    });
    expect(await health.backoffLevel(alpha.id)).toBe(0);
    await fail(alpha, { status: 429, headers: {} });
    expect(await availability(alpha)).toMatchObject({ untilMs: time + 1000 });
  });

  it('blocks the whole credential for 30 min on 401/402/403', async () => {
    await fail(alpha, { status: 401, headers: {} });
    const blocked = { available: false, kind: 'blocked', untilMs: START + 30 * MINUTE };
    expect(await availability(alpha)).toEqual(blocked);
    expect(await availability(alpha, 'claude-other')).toEqual(blocked);
    time += 30 * MINUTE;
    expect(await availability(alpha)).toEqual({ available: true });
  });

  it('takes a model off one credential for 12 h on 404 model not found', async () => {
    await fail(alpha, { status: 404, headers: {}, body: '{"error":{"code":"model_not_found"}}' });
    expect(await availability(alpha)).toEqual({
      available: false,
      kind: 'model-unavailable',
      untilMs: START + 12 * 60 * MINUTE,
    });
    expect(await availability(alpha, 'claude-other')).toEqual({ available: true });
    expect(await availability(beta)).toEqual({ available: true });
  });

  it('cools the whole upstream for 60 s on 5xx, network errors and timeouts', async () => {
    await fail(alpha, { status: 503, headers: {} });
    const cooling = { available: false, kind: 'upstream-cooling', untilMs: START + MINUTE };
    expect(await availability(alpha)).toEqual(cooling);
    expect(await availability(beta)).toEqual(cooling);
    expect(await health.availability(beta, 'other-upstream', 'm', time)).toEqual({ available: true });
    time += MINUTE;
    expect(await availability(beta)).toEqual({ available: true });
    await fail(beta, { networkError: true, headers: {} });
    expect(await availability(alpha)).toMatchObject({ kind: 'upstream-cooling' });
  });

  it('reports the state that ends last', async () => {
    await fail(alpha, { status: 429, headers: { 'retry-after': '600' } });
    await fail(alpha, { status: 500, headers: {} });
    expect(await availability(alpha)).toEqual({
      available: false,
      kind: 'cooling',
      untilMs: START + 600_000,
    });
  });

  it('keeps the last 10 statuses (0 = no answer)', async () => {
    for (let index = 0; index < 12; index += 1) {
      time += 1;
      await health.recordSuccess({
        credentialId: alpha.id,
        upstreamId: 'anthropic',
        status: 200 + index,
        now: time,
      });
    }
    await fail(alpha, { timeout: true, headers: {} });
    const [record] = (await health.snapshot(time)).credentials;
    expect(record?.lastStatuses).toHaveLength(10);
    expect(record?.lastStatuses.at(-1)).toEqual({ status: 0, at: time });
    expect(record?.lastStatuses[0]).toEqual({ status: 203, at: START + 4 });
  });

  it('records the remaining rate-limit share with when it was seen', async () => {
    await health.recordRateLimitHeaders({
      credentialId: alpha.id,
      upstreamId: 'anthropic',
      headers: { 'anthropic-ratelimit-requests-remaining': '2', 'anthropic-ratelimit-requests-limit': '100' },
      now: time,
    });
    await health.recordRateLimitHeaders({
      credentialId: beta.id,
      upstreamId: 'anthropic',
      headers: {},
      now: time,
    });
    const states = await health.inspect([alpha, beta], 'anthropic', 'claude-x', time);
    expect(states[0]).toMatchObject({ remainingFraction: 0.02, remainingSeenAt: START });
    expect(states[1]?.remainingFraction).toBeUndefined();
    expect((await health.snapshot(time)).credentials).toHaveLength(1);
  });

  it('counts successes for usage limits and resets them', async () => {
    const limited = createCredential('anthropic', { apiKey: 'sk-limited', usageLimit: 3 });
    for (let index = 0; index < 2; index += 1) {
      await health.recordSuccess({
        credentialId: limited.id,
        upstreamId: 'anthropic',
        now: time,
        countSuccess: true,
      });
    }
    expect((await health.inspect([limited], 'anthropic', undefined, time))[0]?.successes).toBe(2);
    await health.resetUsage([limited.id]);
    expect((await health.inspect([limited], 'anthropic', undefined, time))[0]?.successes).toBe(0);
  });

  it('resets one credential, one upstream, or everything', async () => {
    const other = createCredential('openai', { apiKey: 'sk-other' });
    await fail(alpha, { status: 401, headers: {} });
    await fail(beta, { status: 429, headers: {} });
    await health.recordFailure({
      credentialId: other.id,
      upstreamId: 'openai',
      action: classifyFailure({ status: 500, headers: {} }, DEFAULT_COOLDOWN_POLICY, 0, time),
      status: 500,
      now: time,
    });
    expect(await health.resetCooldowns({ credentialId: alpha.id, now: time })).toBe(1);
    expect(await availability(alpha)).toEqual({ available: true });
    expect((await availability(beta)).available).toBe(false);

    expect(await health.resetCooldowns({ upstreamId: 'anthropic', now: time })).toBe(1);
    expect(await availability(beta)).toEqual({ available: true });
    expect((await health.availability(other, 'openai', 'gpt', time)).available).toBe(false);

    expect(await health.resetCooldowns({ now: time })).toBe(1);
    expect(await health.availability(other, 'openai', 'gpt', time)).toEqual({ available: true });
    const snapshot = await health.snapshot(time);
    expect(snapshot.upstreams).toEqual([]);
    for (const record of snapshot.credentials) {
      expect(record).toMatchObject({ backoffLevel: 0, models: {} });
      expect(record.cooldownUntil ?? record.blockedUntil).toBeUndefined();
    }
    expect(await health.resetCooldowns({ now: time })).toBe(0);
  });

  it('keeps status history and headroom when it resets, and counts only active state', async () => {
    await fail(alpha, { status: 429, headers: { 'retry-after': '10' } });
    await fail(alpha, { status: 404, headers: {} });
    expect(await health.resetCooldowns({ credentialId: alpha.id, now: time })).toBe(1);
    const [state] = await health.inspect([alpha], 'anthropic', 'claude-x', time);
    expect(state?.availability).toEqual({ available: true });
    expect(state?.lastStatus).toEqual({ status: 404, at: time });
    expect(await health.backoffLevel(alpha.id)).toBe(0);
    expect(await health.resetCooldowns({ credentialId: beta.id, now: time })).toBe(0);
  });

  it('counts a cooldown that has ended as nothing to clear', async () => {
    await fail(alpha, { status: 502, headers: {} });
    time += 10 * MINUTE;
    expect(await health.resetCooldowns({ upstreamId: 'anthropic', now: time })).toBe(0);
  });

  it('resets one upstream without touching one whose id starts the same', async () => {
    const shared = { status: 500, headers: {} };
    for (const upstreamId of ['ds', 'ds-2']) {
      await health.recordFailure({
        credentialId: `${upstreamId}:keyless`,
        upstreamId,
        action: classifyFailure(shared, DEFAULT_COOLDOWN_POLICY, 0, time),
        status: 500,
        now: time,
      });
    }
    expect(await health.resetCooldowns({ upstreamId: 'ds', now: time })).toBe(1);
    expect((await health.snapshot(time)).upstreams.map((record) => record.upstreamId)).toEqual(['ds-2']);
  });

  it('resets a credential only within the upstream it is asked for', async () => {
    await fail(alpha, { status: 401, headers: {} });
    expect(await health.resetCooldowns({ upstreamId: 'openai', credentialId: alpha.id, now: time })).toBe(0);
    expect((await availability(alpha)).available).toBe(false);
    expect(await health.resetCooldowns({ upstreamId: 'anthropic', credentialId: alpha.id, now: time })).toBe(
      1,
    );
    expect(await availability(alpha)).toEqual({ available: true });
  });

  it('starts a changed key clean: a new id carries no stale cooldown', async () => {
    await fail(alpha, { status: 403, headers: {} });
    const rotated = createCredential('anthropic', { apiKey: 'sk-alpha-new' });
    const proxied = createCredential('anthropic', { apiKey: 'sk-alpha', proxyUrl: 'http://proxy:3128' });
    expect(rotated.id).not.toBe(alpha.id);
    expect(await availability(rotated)).toEqual({ available: true });
    expect(await availability(proxied)).toEqual({ available: true });
    const sameKey = createCredential('anthropic', { apiKey: 'sk-alpha', weight: 5 });
    expect((await availability(sameKey)).available).toBe(false);
  });

  it('shows active state in the snapshot and drops what has ended', async () => {
    await fail(alpha, { status: 429, headers: { 'retry-after': '10' } });
    await fail(beta, { status: 502, headers: {} });
    const snapshot = await health.snapshot(time);
    expect(snapshot.upstreams).toEqual([
      { upstreamId: 'anthropic', cooldownUntil: START + MINUTE, reason: '502 upstream error' },
    ]);
    const alphaRecord = snapshot.credentials.find((record) => record.credentialId === alpha.id);
    expect(alphaRecord).toMatchObject({
      upstreamId: 'anthropic',
      backoffLevel: 1,
      models: { 'claude-x': { cooldownUntil: START + 10_000 } },
    });
    time += MINUTE;
    const later = await health.snapshot(time);
    expect(later.upstreams).toEqual([]);
    expect(later.credentials.find((record) => record.credentialId === alpha.id)?.models).toEqual({});
  });

  it('cools the whole credential for a 429 with no model', async () => {
    const action = classifyFailure(
      { status: 429, headers: { 'retry-after': '5' } },
      DEFAULT_COOLDOWN_POLICY,
      0,
      time,
    );
    await health.recordFailure({
      credentialId: alpha.id,
      upstreamId: 'anthropic',
      action,
      status: 429,
      now: time,
    });
    expect(await availability(alpha, 'any-model')).toEqual({
      available: false,
      kind: 'cooling',
      untilMs: START + 5000,
    });
  });

  it('keeps every change of failures and successes of one credential recorded in the same tick', async () => {
    const failure = (status: number, model: string, retryAfter?: string) =>
      health.recordFailure({
        credentialId: alpha.id,
        upstreamId: 'anthropic',
        model,
        action: classifyFailure(
          { status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } },
          DEFAULT_COOLDOWN_POLICY,
          0,
          time,
        ),
        status,
        now: time,
      });
    // Concurrent attempts of one credential: a 401 (block), two 429s on other models, a success on
    // a fourth model with rate-limit headroom. None may overwrite another's change.
    await Promise.all([
      failure(429, 'claude-a', '30'),
      failure(401, 'claude-b'),
      failure(429, 'claude-c', '60'),
      health.recordSuccess({
        credentialId: alpha.id,
        upstreamId: 'anthropic',
        model: 'claude-d',
        headers: {
          'anthropic-ratelimit-requests-limit': '100',
          'anthropic-ratelimit-requests-remaining': '25',
        },
        now: time,
      }),
    ]);
    const { credentials } = await health.snapshot(time);
    const record = credentials.find((entry) => entry.credentialId === alpha.id);
    expect(record?.blockedUntil).toBe(START + 30 * MINUTE);
    expect(record?.models['claude-a']?.cooldownUntil).toBe(START + 30_000);
    expect(record?.models['claude-c']?.cooldownUntil).toBe(START + 60_000);
    expect(record?.remainingFraction).toBe(0.25);
    expect(record?.lastStatuses.map((sample) => sample.status).sort()).toEqual([200, 401, 429, 429]);
  });

  it('goes on with later updates of a credential after one of them failed', async () => {
    const store = new MemoryStateStore({ now: () => time });
    const failing = new CredentialHealth(store);
    const set = store.set.bind(store);
    let refusals = 1;
    store.set = async (...args) => {
      if (refusals > 0) {
        refusals -= 1;
        throw new Error('disk full');
      }
      return set(...args);
    };
    const action = classifyFailure({ status: 401, headers: {} }, DEFAULT_COOLDOWN_POLICY, 0, time);
    const event = {
      credentialId: alpha.id,
      upstreamId: 'anthropic',
      model: 'm',
      action,
      status: 401,
      now: time,
    };
    const results = await Promise.allSettled([failing.recordFailure(event), failing.recordFailure(event)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(await failing.availability(alpha, 'anthropic', 'm', time)).toMatchObject({ kind: 'blocked' });
  });
});
