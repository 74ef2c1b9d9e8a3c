// Strategies, priority tiers, prefix gating and usage limits of selectCredential; affinity, proactive
// rotation and the all-unavailable summary are in credential-pool-health.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { CredentialPoolBench } from '../../test/support/credential-pool-bench.js';
import { servingPrefix, weightedSequence } from './credential-pool.js';

const bench = new CredentialPoolBench();
beforeEach(() => bench.reset());

function tally(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('selectCredential: round-robin', () => {
  it('spreads 300 picks evenly over 3 credentials (within ±1), never twice in a row', async () => {
    const pool = [bench.make('a'), bench.make('b'), bench.make('c')];
    const ids = await bench.picks(300, pool, 'round-robin');
    for (const credential of pool)
      expect(Math.abs((tally(ids).get(credential.id) ?? 0) - 100)).toBeLessThanOrEqual(1);
    expect(ids.every((id, index) => index === 0 || id !== ids[index - 1])).toBe(true);
  });

  it('follows weights 1:2:3, interleaved', async () => {
    const pool = [
      bench.make('a', { weight: 1 }),
      bench.make('b', { weight: 2 }),
      bench.make('c', { weight: 3 }),
    ];
    const counts = tally(await bench.picks(300, pool, 'round-robin'));
    expect(Math.abs((counts.get(pool[0]?.id ?? '') ?? 0) - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.get(pool[1]?.id ?? '') ?? 0) - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.get(pool[2]?.id ?? '') ?? 0) - 150)).toBeLessThanOrEqual(1);
    expect([...weightedSequence([1, 2, 3])]).toEqual([2, 1, 0, 2, 1, 2]);
    expect([...weightedSequence([2, 4, 6])]).toEqual([2, 1, 0, 2, 1, 2]);
  });

  it('skips unavailable and already-tried credentials', async () => {
    const [a, b, c] = [bench.make('a'), bench.make('b'), bench.make('c')];
    await bench.fail(b, { status: 429, headers: { 'retry-after': '60' } });
    const ids = await bench.picks(10, [a, b, c], 'round-robin');
    expect(ids).not.toContain(b.id);
    expect(await bench.pickId([a, b, c], 'round-robin', { exclude: new Set([a.id]) })).toBe(c.id);
  });
});

describe('selectCredential: fill-first', () => {
  it('uses the first available credential in config order, and returns to it', async () => {
    const [a, b, c] = [bench.make('a'), bench.make('b'), bench.make('c')];
    expect(await bench.picks(5, [a, b, c], 'fill-first')).toEqual(Array(5).fill(a.id));
    await bench.fail(a, { status: 429, headers: { 'retry-after': '10' } });
    expect(await bench.pickId([a, b, c], 'fill-first')).toBe(b.id);
    await bench.fail(b, { status: 401, headers: {} });
    expect(await bench.pickId([a, b, c], 'fill-first')).toBe(c.id);
    bench.time += 10_000;
    expect(await bench.pickId([a, b, c], 'fill-first')).toBe(a.id);
  });
});

describe('selectCredential: priority tiers', () => {
  it('uses the highest tier with an available credential, weighted round-robin inside', async () => {
    const low = bench.make('low', { priority: 0 });
    const high1 = bench.make('high1', { priority: 10 });
    const high2 = bench.make('high2', { priority: 10 });
    const pool = [low, high1, high2];
    const ids = await bench.picks(6, pool, 'round-robin');
    expect(tally(ids).get(high1.id)).toBe(3);
    expect(tally(ids).get(high2.id)).toBe(3);
    await bench.fail(high1, { status: 403, headers: {} });
    await bench.fail(high2, { status: 429, headers: { 'retry-after': '5' } });
    expect(await bench.pickId(pool, 'round-robin')).toBe(low.id);
    bench.time += 5000;
    expect(await bench.pickId(pool, 'round-robin')).toBe(high2.id);
  });
});

describe('selectCredential: prefix gating', () => {
  it('gives prefixed credentials only to requests with that prefix', async () => {
    const plain = bench.make('plain');
    const test = bench.make('test', { prefix: 'test' });
    const prod = bench.make('prod', { prefix: 'prod' });
    const pool = [plain, test, prod];
    expect(new Set(await bench.picks(6, pool, 'round-robin'))).toEqual(new Set([plain.id]));
    expect(await bench.pickId(pool, 'round-robin', { requestedPrefix: 'test' })).toBe(test.id);
    expect(await bench.pickId(pool, 'fill-first', { requestedPrefix: 'prod' })).toBe(prod.id);
    // A prefix no credential claims (e.g. the upstream's own prefix) is served by the plain ones.
    expect(await bench.pickId(pool, 'fill-first', { requestedPrefix: 'anthropic' })).toBe(plain.id);
    expect(servingPrefix([test], undefined)).toEqual([]);
  });

  it('reports no credential when the prefix holders are all unavailable', async () => {
    const plain = bench.make('plain');
    const test = bench.make('test', { prefix: 'test' });
    await bench.fail(test, { status: 401, headers: {} });
    const selection = await bench.pick([plain, test], 'fill-first', { requestedPrefix: 'test' });
    expect(selection).toMatchObject({ unavailable: { blocked: 1, cooling: 0 } });
  });
});

describe('selectCredential: usage limits', () => {
  it('rotates after N successes: fill-first goes A,A,B,B,C,C,A,A', async () => {
    const pool = [
      bench.make('a', { usageLimit: 2 }),
      bench.make('b', { usageLimit: 2 }),
      bench.make('c', { usageLimit: 2 }),
    ];
    const ids: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      const selection = await bench.pick(pool, 'fill-first');
      if (!('credential' in selection)) throw new Error('unavailable');
      ids.push(selection.credential.id);
      await bench.succeed(selection.credential);
    }
    const [a, b, c] = pool.map((credential) => credential.id);
    expect(ids).toEqual([a, a, b, b, c, c, a, a]);
  });

  it('never rotates without a limit', async () => {
    const [a, b] = [bench.make('a'), bench.make('b')];
    for (let index = 0; index < 5; index += 1) {
      expect(await bench.pickId([a, b], 'fill-first')).toBe(a.id);
      await bench.succeed(a);
    }
  });
});
