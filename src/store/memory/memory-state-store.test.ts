import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from './memory-state-store.js';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('MemoryStateStore', () => {
  it('gets what was set, as a copy', async () => {
    const store = new MemoryStateStore();
    const value = { a: 1, list: [1, 2] };
    await store.set('k', value);
    const read = await store.get('k');
    expect(read).toEqual(value);
    expect(read).not.toBe(value);
    expect(await store.get('missing')).toBeUndefined();
  });

  it('expires keys after their TTL on the injected clock', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.set('k', 'v', 1000);
    time.advance(999);
    expect(await store.get('k')).toBe('v');
    time.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('keeps keys without TTL and replaces value and TTL on set', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.set('k', 1, 10);
    await store.set('k', 2);
    time.advance(1_000_000);
    expect(await store.get('k')).toBe(2);
  });

  it('rejects non-positive or non-finite TTLs', async () => {
    const store = new MemoryStateStore();
    await expect(store.set('k', 1, 0)).rejects.toThrow(RangeError);
    await expect(store.set('k', 1, -5)).rejects.toThrow(RangeError);
    await expect(store.increment('k', 1, Number.NaN)).rejects.toThrow(RangeError);
  });

  it('increments atomically, keeping the first TTL (INCRBY semantics)', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    expect(await store.increment('n', 1, 1000)).toBe(1);
    time.advance(600);
    expect(await store.increment('n', 2, 1000)).toBe(3);
    time.advance(400);
    expect(await store.get('n')).toBeUndefined();
    expect(await store.increment('n', 5)).toBe(5);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('m', 1)));
    expect(new Set(results).size).toBe(50);
    expect(await store.get('m')).toBe(50);
  });

  it('refuses to increment a non-number', async () => {
    const store = new MemoryStateStore();
    await store.set('s', 'text');
    await expect(store.increment('s', 1)).rejects.toThrow(TypeError);
  });

  it('deletes one key, or every key of a prefix', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.set('a:1', 1);
    await store.set('a:2', 2);
    await store.set('a:3', 3, 10);
    await store.set('b:1', 4);
    await store.delete('a:1');
    await store.delete('never');
    time.advance(10);
    expect(await store.deleteByPrefix('a:')).toBe(1);
    expect(await store.get('a:2')).toBeUndefined();
    expect(await store.get('b:1')).toBe(4);
  });

  it('lists live entries of a prefix', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.set('p:x', { n: 1 });
    await store.set('p:y', { n: 2 }, 5);
    await store.set('q:z', 3);
    time.advance(5);
    expect(await store.entries('p:')).toEqual([{ key: 'p:x', value: { n: 1 } }]);
  });

  it('drops the stalest write past maxEntries', async () => {
    const store = new MemoryStateStore({ maxEntries: 2 });
    await store.set('a', 1);
    await store.set('b', 2);
    await store.set('a', 3);
    await store.set('c', 4);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe(3);
    expect(await store.get('c')).toBe(4);
    expect(() => new MemoryStateStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
