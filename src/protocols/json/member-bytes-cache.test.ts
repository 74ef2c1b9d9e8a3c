import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { encodeJsonBytes } from './encode-json-bytes.js';
import { jsonEqual, MemberBytesCache } from './member-bytes-cache.js';

describe('jsonEqual', () => {
  it('is true for values with the same JSON text, checked member by member', () => {
    const schema = { type: 'object', properties: { path: { type: 'string' } } };
    expect(jsonEqual([{ name: 'a', schema }], [{ name: 'a', schema: structuredClone(schema) }])).toBe(true);
    expect(jsonEqual({ a: [1, 'x', null, true] }, { a: [1, 'x', null, true] })).toBe(true);
    expect(jsonEqual(-0, 0)).toBe(true);
  });

  it('is false for other texts, and for what it cannot decide without writing it', () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false); // key order is part of the text
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([undefined], [undefined])).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual({ 0: 'a' }, ['a'])).toBe(false);
    expect(jsonEqual(new Date(0), new Date(0))).toBe(false);
    expect(jsonEqual(Number.NaN, Number.NaN)).toBe(false);
  });
});

describe('MemberBytesCache', () => {
  it('gives the bytes of an equal value, most recent first, and freezes what it keeps', () => {
    const cache = new MemberBytesCache(new Set(['tools']), 4, 2);
    const tools = [{ name: 'a' }];
    cache.set('k tools', tools, Buffer.from('[{"name":"a"}]'));
    expect(Object.isFrozen(tools[0])).toBe(true);
    expect(cache.get('k tools', [{ name: 'a' }])?.toString()).toBe('[{"name":"a"}]');
    expect(cache.get('other tools', [{ name: 'a' }])).toBeUndefined();
    cache.set('k tools', [{ name: 'b' }], Buffer.from('[{"name":"b"}]'));
    cache.set('k tools', [{ name: 'c' }], Buffer.from('[{"name":"c"}]'));
    expect(cache.get('k tools', [{ name: 'a' }])).toBeUndefined(); // the oldest of 3, over 2
    cache.set('k tools', 'x', Buffer.from('"x"')); // under 4 bytes: not kept
    expect(cache.get('k tools', 'x')).toBeUndefined();
  });

  it('keeps the latest equal value, so members built from shared objects are found by reference', () => {
    const cache = new MemberBytesCache(new Set(['tools']), 4, 2);
    cache.set('k tools', [{ name: 'a', schema: { type: 'object', properties: {} } }], Buffer.from('first'));
    // Later requests share one (frozen) schema object, in new tool objects each time; its
    // `properties` getter counts how often a comparison reads into it.
    let reads = 0;
    const shared = Object.freeze({
      type: 'object',
      get properties() {
        reads += 1;
        return {};
      },
    });
    const latest = [{ name: 'a', schema: shared }];
    expect(cache.get('k tools', latest)?.toString()).toBe('first');
    expect(reads).toBe(1); // compared member by member with the first value
    expect(Object.isFrozen(latest[0])).toBe(true);
    reads = 0;
    expect(cache.get('k tools', [{ name: 'a', schema: shared }])?.toString()).toBe('first');
    expect(reads).toBe(0); // the remembered value holds the shared schema: met by reference
  });
});

describe('encodeJsonBytes with a member cache', () => {
  it('gives Buffer.from(JSON.stringify(body)) for 500 bodies whose members repeat, change and move', () => {
    const cache = { store: new MemberBytesCache(new Set(['tools', 'system']), 8, 3), scope: 'test' };
    const next = seededRandom(11);
    const toolSets = Array.from({ length: 5 }, (_, set) =>
      Array.from({ length: 3 }, (_, index) => ({
        name: `t${set}.${index}`,
        description: 'é → "x"',
        schema: { type: 'object' },
      })),
    );
    for (let body = 0; body < 500; body += 1) {
      // Fresh copies (equal values), the same objects, or a changed copy.
      const set = toolSets[next(toolSets.length)] as { name: string; description: string }[];
      const roll = next(3);
      const tools =
        roll === 0
          ? set
          : roll === 1
            ? structuredClone(set)
            : set.map((tool, index) => (index === 1 ? { ...tool, name: `changed${body}` } : tool));
      const value =
        next(2) === 0
          ? { model: 'm', system: `s${next(2)}`.repeat(10), tools }
          : { tools, model: 'm', messages: [body] };
      expect(encodeJsonBytes(value, cache).equals(Buffer.from(JSON.stringify(value))), `body ${body}`).toBe(
        true,
      );
    }
  });
});
