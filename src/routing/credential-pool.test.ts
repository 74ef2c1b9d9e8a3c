// Strategies, priority tiers, prefix gating and usage limits of selectCredential; affinity, proactive
// rotation and the all-unavailable summary are in credential-pool-health.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../store/memory/memory-state-store.js';
import { classifyFailure, DEFAULT_COOLDOWN_POLICY, type FailureInput } from './cooldown-policy.js';
import { CredentialHealth } from './credential-health.js';
import { createCredential, type CredentialInput, type UpstreamCredential } from './credential.js';
import {
  selectCredential,
  servingPrefix,
  weightedSequence,
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

const succeed = (credential: UpstreamCredential): Promise<void> =>
  health.recordSuccess({ credentialId: credential.id, upstreamId: UPSTREAM, model: MODEL, now: time });

function tally(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
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

describe('selectCredential: round-robin', () => {
  it('spreads 300 picks evenly over 3 credentials (within ±1), never twice in a row', async () => {
    const pool = [make('a'), make('b'), make('c')];
    const ids = await picks(300, pool, 'round-robin');
    for (const credential of pool)
      expect(Math.abs((tally(ids).get(credential.id) ?? 0) - 100)).toBeLessThanOrEqual(1);
    expect(ids.every((id, index) => index === 0 || id !== ids[index - 1])).toBe(true);
  });

  it('follows weights 1:2:3, interleaved', async () => {
    const pool = [make('a', { weight: 1 }), make('b', { weight: 2 }), make('c', { weight: 3 })];
    const counts = tally(await picks(300, pool, 'round-robin'));
    expect(Math.abs((counts.get(pool[0]?.id ?? '') ?? 0) - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.get(pool[1]?.id ?? '') ?? 0) - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.get(pool[2]?.id ?? '') ?? 0) - 150)).toBeLessThanOrEqual(1);
    expect([...weightedSequence([1, 2, 3])]).toEqual([2, 1, 0, 2, 1, 2]);
    expect([...weightedSequence([2, 4, 6])]).toEqual([2, 1, 0, 2, 1, 2]);
  });

  it('skips unavailable and already-tried credentials', async () => {
    const [a, b, c] = [make('a'), make('b'), make('c')];
    await fail(b, { status: 429, headers: { 'retry-after': '60' } });
    const ids = await picks(10, [a, b, c], 'round-robin');
    expect(ids).not.toContain(b.id);
    expect(await pickId([a, b, c], 'round-robin', { exclude: new Set([a.id]) })).toBe(c.id);
  });
});

describe('selectCredential: fill-first', () => {
  it('uses the first available credential in config order, and returns to it', async () => {
    const [a, b, c] = [make('a'), make('b'), make('c')];
    expect(await picks(5, [a, b, c], 'fill-first')).toEqual(Array(5).fill(a.id));
    await fail(a, { status: 429, headers: { 'retry-after': '10' } });
    expect(await pickId([a, b, c], 'fill-first')).toBe(b.id);
    await fail(b, { status: 401, headers: {} });
    expect(await pickId([a, b, c], 'fill-first')).toBe(c.id);
    time += 10_000;
    expect(await pickId([a, b, c], 'fill-first')).toBe(a.id);
  });
});

describe('selectCredential: priority tiers', () => {
  it('uses the highest tier with an available credential, weighted round-robin inside', async () => {
    const low = make('low', { priority: 0 });
    const high1 = make('high1', { priority: 10 });
    const high2 = make('high2', { priority: 10 });
    const pool = [low, high1, high2];
    const ids = await picks(6, pool, 'round-robin');
    expect(tally(ids).get(high1.id)).toBe(3);
    expect(tally(ids).get(high2.id)).toBe(3);
    await fail(high1, { status: 403, headers: {} });
    await fail(high2, { status: 429, headers: { 'retry-after': '5' } });
    expect(await pickId(pool, 'round-robin')).toBe(low.id);
    time += 5000;
    expect(await pickId(pool, 'round-robin')).toBe(high2.id);
  });
});

describe('selectCredential: prefix gating', () => {
  it('gives prefixed credentials only to requests with that prefix', async () => {
    const plain = make('plain');
    const test = make('test', { prefix: 'test' });
    const prod = make('prod', { prefix: 'prod' });
    const pool = [plain, test, prod];
    expect(new Set(await picks(6, pool, 'round-robin'))).toEqual(new Set([plain.id]));
    expect(await pickId(pool, 'round-robin', { requestedPrefix: 'test' })).toBe(test.id);
    expect(await pickId(pool, 'fill-first', { requestedPrefix: 'prod' })).toBe(prod.id);
    // A prefix no credential claims (e.g. the upstream's own prefix) is served by the plain ones.
    expect(await pickId(pool, 'fill-first', { requestedPrefix: 'anthropic' })).toBe(plain.id);
    expect(servingPrefix([test], undefined)).toEqual([]);
  });

  it('reports no credential when the prefix holders are all unavailable', async () => {
    const plain = make('plain');
    const test = make('test', { prefix: 'test' });
    await fail(test, { status: 401, headers: {} });
    const selection = await pick([plain, test], 'fill-first', { requestedPrefix: 'test' });
    expect(selection).toMatchObject({ unavailable: { blocked: 1, cooling: 0 } });
  });
});

describe('selectCredential: usage limits', () => {
  it('rotates after N successes: fill-first goes A,A,B,B,C,C,A,A', async () => {
    const pool = [make('a', { usageLimit: 2 }), make('b', { usageLimit: 2 }), make('c', { usageLimit: 2 })];
    const ids: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      const selection = await pick(pool, 'fill-first');
      if (!('credential' in selection)) throw new Error('unavailable');
      ids.push(selection.credential.id);
      await succeed(selection.credential);
    }
    const [a, b, c] = pool.map((credential) => credential.id);
    expect(ids).toEqual([a, a, b, b, c, c, a, a]);
  });

  it('never rotates without a limit', async () => {
    const [a, b] = [make('a'), make('b')];
    for (let index = 0; index < 5; index += 1) {
      expect(await pickId([a, b], 'fill-first')).toBe(a.id);
      await succeed(a);
    }
  });
});
