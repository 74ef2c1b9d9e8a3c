// Session affinity, proactive rotation and the all-unavailable summary of selectCredential;
// strategies, tiers, prefixes and usage limits are in credential-pool.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { CredentialPoolBench, MODEL, START, UPSTREAM } from '../../test/support/credential-pool-bench.js';
import type { UpstreamCredential } from './credential.js';

const bench = new CredentialPoolBench();
beforeEach(() => bench.reset());

describe('selectCredential: session affinity', () => {
  it('keeps a 20-turn conversation on one credential while it is healthy', async () => {
    const pool = [bench.make('a'), bench.make('b'), bench.make('c')];
    const used: string[] = [];
    for (let turn = 0; turn < 20; turn += 1) {
      used.push(await bench.pickId(pool, 'round-robin', { affinityKey: 'session:1' }));
      await bench.pickId(pool, 'round-robin'); // other traffic moves the round-robin counter
      await bench.pickId(pool, 'round-robin', { affinityKey: `session:other-${turn}` });
      bench.time += 30_000;
    }
    expect(new Set(used).size).toBe(1);
  });

  it('switches exactly once when its credential cools down, then sticks to the new one', async () => {
    const pool = [bench.make('a'), bench.make('b'), bench.make('c')];
    const used: string[] = [];
    for (let turn = 0; turn < 20; turn += 1) {
      if (turn === 8) {
        const current = pool.find((credential) => credential.id === used.at(-1));
        if (current === undefined) throw new Error('no current credential');
        await bench.fail(current, { status: 429, headers: { 'retry-after': '60' } });
      }
      used.push(await bench.pickId(pool, 'round-robin', { affinityKey: 'session:1' }));
      await bench.pickId(pool, 'round-robin');
      bench.time += 30_000; // the cooled credential recovers at turn 10: the session must not move back
    }
    const switches = used.filter((id, index) => index > 0 && id !== used[index - 1]).length;
    expect(switches).toBe(1);
    expect(used[8]).not.toBe(used[7]);
    expect(new Set(used.slice(8)).size).toBe(1);
  });

  it('forgets the tie after an hour of silence', async () => {
    const pool = [bench.make('a'), bench.make('b')];
    const first = await bench.pickId(pool, 'round-robin', { affinityKey: 'k' });
    bench.time += 3_600_000;
    await bench.pickId(pool, 'round-robin');
    await bench.pickId(pool, 'round-robin');
    expect(await bench.pickId(pool, 'round-robin', { affinityKey: 'k' })).not.toBe(first);
  });
});

describe('selectCredential: proactive rotation', () => {
  const nearlyExhausted = {
    'anthropic-ratelimit-requests-remaining': '2',
    'anthropic-ratelimit-requests-limit': '100',
  };
  const note = (credential: UpstreamCredential, remaining: string): Promise<void> =>
    bench.health.recordRateLimitHeaders({
      credentialId: credential.id,
      upstreamId: UPSTREAM,
      headers: {
        'anthropic-ratelimit-requests-remaining': remaining,
        'anthropic-ratelimit-requests-limit': '100',
      },
      now: bench.time,
    });

  it('prefers another credential before any 429, also over affinity', async () => {
    const [a, b] = [bench.make('a'), bench.make('b')];
    expect(await bench.pickId([a, b], 'fill-first', { affinityKey: 's' })).toBe(a.id);
    await bench.health.recordSuccess({
      credentialId: a.id,
      upstreamId: UPSTREAM,
      model: MODEL,
      headers: nearlyExhausted,
      now: bench.time,
    });
    expect(await bench.pickId([a, b], 'fill-first', { affinityKey: 's' })).toBe(b.id);
    expect(await bench.pickId([a, b], 'fill-first')).toBe(b.id);
  });

  it('ignores readings older than 60 s', async () => {
    const [a, b] = [bench.make('a'), bench.make('b')];
    await note(a, '1');
    bench.time += 60_001;
    expect(await bench.pickId([a, b], 'fill-first')).toBe(a.id);
  });

  it('uses a nearly exhausted credential when none in the tier has more headroom', async () => {
    const [a, b, c] = [bench.make('a'), bench.make('b'), bench.make('c', { priority: -1 })];
    await note(a, '1');
    await note(b, '3');
    expect(await bench.pickId([a, b, c], 'fill-first')).toBe(b.id);
    await note(b, '1');
    expect(new Set(await bench.picks(4, [a, b, c], 'round-robin'))).toEqual(new Set([a.id, b.id]));
  });
});

describe('selectCredential: nothing available', () => {
  it('says all are cooling down, with the soonest recovery', async () => {
    const [a, b, c] = [bench.make('a'), bench.make('b'), bench.make('c')];
    await bench.fail(a, { status: 429, headers: { 'retry-after': '30' } });
    bench.time += 1000;
    await bench.fail(b, { status: 429, headers: { 'retry-after': '10' } });
    await bench.fail(c, { status: 429, headers: { 'retry-after': '20' } });
    expect(await bench.pick([a, b, c], 'round-robin')).toEqual({
      unavailable: {
        cooling: 3,
        blocked: 0,
        modelUnavailable: 0,
        upstreamCooling: 0,
        tried: 0,
        allCoolingDown: true,
        soonestRecoveryMs: 10_000,
        soonestRecoveryAt: bench.time + 10_000,
        recentStatuses: [
          { credentialId: b.id, status: 429, at: bench.time },
          { credentialId: c.id, status: 429, at: bench.time },
          { credentialId: a.id, status: 429, at: START },
        ],
      },
    });
  });

  it('says not only cooling when some are blocked or without the model', async () => {
    const [a, b, c] = [bench.make('a'), bench.make('b'), bench.make('c')];
    await bench.fail(a, { status: 429, headers: {} });
    await bench.fail(b, { status: 402, headers: {} });
    await bench.fail(c, {
      status: 404,
      headers: {},
      body: '{"type":"error","error":{"type":"not_found_error","message":"model: x"}}',
    });
    const selection = await bench.pick([a, b, c], 'fill-first');
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
    const [a, b] = [bench.make('a'), bench.make('b')];
    expect(await bench.pick([a, b], 'fill-first', { exclude: new Set([a.id, b.id]) })).toMatchObject({
      unavailable: { tried: 2, allCoolingDown: false, recentStatuses: [] },
    });
    await bench.fail(a, { status: 503, headers: {} });
    const selection = await bench.pick([a, b], 'fill-first');
    expect(selection).toMatchObject({
      unavailable: { upstreamCooling: 2, soonestRecoveryMs: 60_000, allCoolingDown: false },
    });
    expect('unavailable' in selection && selection.unavailable.soonestRecoveryAt).toBe(START + 60_000);
  });

  it('reports an empty pool when no credential serves the request', async () => {
    expect(await bench.pick([], 'round-robin')).toEqual({
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
