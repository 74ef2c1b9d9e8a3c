// Session affinity, proactive rotation and the all-unavailable summary of selectCredential;
// strategies, tiers, prefixes and usage limits are in credential-pool.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../store/memory/memory-state-store.js';
import { classifyFailure, DEFAULT_COOLDOWN_POLICY, type FailureInput } from './cooldown-policy.js';
import { CredentialHealth } from './credential-health.js';
import { createCredential, type CredentialInput, type UpstreamCredential } from './credential.js';
import {
  selectCredential,
  type PoolSelection,
  type PoolStrategy,
  type SelectCredentialInput,
} from './credential-pool.js';

const UPSTREAM = 'anthropic';
const MODEL = 'claude-sonnet-4-5';
const START = Date.parse('2025-08-21T12:00:00Z');

let time = START;
let health: CredentialHealth;

beforeEach(() => {
  time = START;
  health = new CredentialHealth(new MemoryStateStore({ now: () => time }));
});

const make = (name: string, input: Omit<CredentialInput, 'apiKey'> = {}): UpstreamCredential =>
  createCredential(UPSTREAM, { apiKey: `sk-${name}`, ...input });

async function pick(
  credentials: readonly UpstreamCredential[],
  strategy: PoolStrategy,
  extra: Partial<SelectCredentialInput> = {},
): Promise<PoolSelection> {
  return selectCredential({
    upstreamId: UPSTREAM,
    credentials,
    model: MODEL,
    strategy,
    health,
    now: time,
    ...extra,
  });
}

async function pickId(
  credentials: readonly UpstreamCredential[],
  strategy: PoolStrategy,
  extra: Partial<SelectCredentialInput> = {},
): Promise<string> {
  const selection = await pick(credentials, strategy, extra);
  if (!('credential' in selection))
    throw new Error(`no credential: ${JSON.stringify(selection.unavailable)}`);
  return selection.credential.id;
}

async function fail(credential: UpstreamCredential, input: FailureInput): Promise<void> {
  const action = classifyFailure(
    input,
    DEFAULT_COOLDOWN_POLICY,
    await health.backoffLevel(credential.id),
    time,
  );
  await health.recordFailure({
    credentialId: credential.id,
    upstreamId: UPSTREAM,
    model: MODEL,
    action,
    status: input.status,
    now: time,
  });
}

async function picks(
  count: number,
  credentials: readonly UpstreamCredential[],
  strategy: PoolStrategy,
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) ids.push(await pickId(credentials, strategy));
  return ids;
}

describe('selectCredential: session affinity', () => {
  it('keeps a 20-turn conversation on one credential while it is healthy', async () => {
    const pool = [make('a'), make('b'), make('c')];
    const used: string[] = [];
    for (let turn = 0; turn < 20; turn += 1) {
      used.push(await pickId(pool, 'round-robin', { affinityKey: 'session:1' }));
      await pickId(pool, 'round-robin'); // other traffic moves the round-robin counter
      await pickId(pool, 'round-robin', { affinityKey: `session:other-${turn}` });
      time += 30_000;
    }
    expect(new Set(used).size).toBe(1);
  });

  it('switches exactly once when its credential cools down, then sticks to the new one', async () => {
    const pool = [make('a'), make('b'), make('c')];
    const used: string[] = [];
    for (let turn = 0; turn < 20; turn += 1) {
      if (turn === 8) {
        const current = pool.find((credential) => credential.id === used.at(-1));
        if (current === undefined) throw new Error('no current credential');
        await fail(current, { status: 429, headers: { 'retry-after': '60' } });
      }
      used.push(await pickId(pool, 'round-robin', { affinityKey: 'session:1' }));
      await pickId(pool, 'round-robin');
      time += 30_000; // the cooled credential recovers at turn 10: the session must not move back
    }
    const switches = used.filter((id, index) => index > 0 && id !== used[index - 1]).length;
    expect(switches).toBe(1);
    expect(used[8]).not.toBe(used[7]);
    expect(new Set(used.slice(8)).size).toBe(1);
  });

  it('forgets the tie after an hour of silence', async () => {
    const pool = [make('a'), make('b')];
    const first = await pickId(pool, 'round-robin', { affinityKey: 'k' });
    time += 3_600_000;
    await pickId(pool, 'round-robin');
    await pickId(pool, 'round-robin');
    expect(await pickId(pool, 'round-robin', { affinityKey: 'k' })).not.toBe(first);
  });
});

describe('selectCredential: proactive rotation', () => {
  const nearlyExhausted = {
    'anthropic-ratelimit-requests-remaining': '2',
    'anthropic-ratelimit-requests-limit': '100',
  };
  const note = (credential: UpstreamCredential, remaining: string): Promise<void> =>
    health.recordRateLimitHeaders({
      credentialId: credential.id,
      upstreamId: UPSTREAM,
      headers: {
        'anthropic-ratelimit-requests-remaining': remaining,
        'anthropic-ratelimit-requests-limit': '100',
      },
      now: time,
    });

  it('prefers another credential before any 429, also over affinity', async () => {
    const [a, b] = [make('a'), make('b')];
    expect(await pickId([a, b], 'fill-first', { affinityKey: 's' })).toBe(a.id);
    await health.recordSuccess({
      credentialId: a.id,
      upstreamId: UPSTREAM,
      model: MODEL,
      headers: nearlyExhausted,
      now: time,
    });
    expect(await pickId([a, b], 'fill-first', { affinityKey: 's' })).toBe(b.id);
    expect(await pickId([a, b], 'fill-first')).toBe(b.id);
  });

  it('ignores readings older than 60 s', async () => {
    const [a, b] = [make('a'), make('b')];
    await note(a, '1');
    time += 60_001;
    expect(await pickId([a, b], 'fill-first')).toBe(a.id);
  });

  it('uses a nearly exhausted credential when none in the tier has more headroom', async () => {
    const [a, b, c] = [make('a'), make('b'), make('c', { priority: -1 })];
    await note(a, '1');
    await note(b, '3');
    expect(await pickId([a, b, c], 'fill-first')).toBe(b.id);
    await note(b, '1');
    expect(new Set(await picks(4, [a, b, c], 'round-robin'))).toEqual(new Set([a.id, b.id]));
  });
});

describe('selectCredential: nothing available', () => {
  it('says all are cooling down, with the soonest recovery', async () => {
    const [a, b, c] = [make('a'), make('b'), make('c')];
    await fail(a, { status: 429, headers: { 'retry-after': '30' } });
    time += 1000;
    await fail(b, { status: 429, headers: { 'retry-after': '10' } });
    await fail(c, { status: 429, headers: { 'retry-after': '20' } });
    expect(await pick([a, b, c], 'round-robin')).toEqual({
      unavailable: {
        cooling: 3,
        blocked: 0,
        modelUnavailable: 0,
        upstreamCooling: 0,
        tried: 0,
        allCoolingDown: true,
        soonestRecoveryMs: 10_000,
        soonestRecoveryAt: time + 10_000,
        recentStatuses: [
          { credentialId: b.id, status: 429, at: time },
          { credentialId: c.id, status: 429, at: time },
          { credentialId: a.id, status: 429, at: START },
        ],
      },
    });
  });

  it('says not only cooling when some are blocked or without the model', async () => {
    const [a, b, c] = [make('a'), make('b'), make('c')];
    await fail(a, { status: 429, headers: {} });
    await fail(b, { status: 402, headers: {} });
    await fail(c, {
      status: 404,
      headers: {},
      body: '{"type":"error","error":{"type":"not_found_error","message":"model: x"}}',
    });
    const selection = await pick([a, b, c], 'fill-first');
    expect(selection).toMatchObject({
      unavailable: {
        cooling: 1,
        blocked: 1,
        modelUnavailable: 1,
        allCoolingDown: false,
        soonestRecoveryMs: 1000,
      },
    });
  });

  it('counts an upstream cooldown and credentials already tried', async () => {
    const [a, b] = [make('a'), make('b')];
    expect(await pick([a, b], 'fill-first', { exclude: new Set([a.id, b.id]) })).toMatchObject({
      unavailable: { tried: 2, allCoolingDown: false, recentStatuses: [] },
    });
    await fail(a, { status: 503, headers: {} });
    const selection = await pick([a, b], 'fill-first');
    expect(selection).toMatchObject({
      unavailable: { upstreamCooling: 2, soonestRecoveryMs: 60_000, allCoolingDown: false },
    });
    expect('unavailable' in selection && selection.unavailable.soonestRecoveryAt).toBe(START + 60_000);
  });

  it('reports an empty pool when no credential serves the request', async () => {
    expect(await pick([], 'round-robin')).toEqual({
      unavailable: {
        cooling: 0,
        blocked: 0,
        modelUnavailable: 0,
        upstreamCooling: 0,
        tried: 0,
        allCoolingDown: false,
        recentStatuses: [],
      },
    });
  });
});
