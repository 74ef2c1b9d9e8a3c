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
    const cache = new MemberBytesCache({ members: new Set(['tools']), minBytes: 4, perKey: 2 });
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
    const cache = new MemberBytesCache({ members: new Set(['tools']), minBytes: 4, perKey: 2 });
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
    const cache = {
      store: new MemberBytesCache({
        members: new Set(['tools', 'system']),
        itemMembers: new Set(['messages']),
        minBytes: 8,
        perKey: 3,
      }),
      scope: 'test',
    };
    const next = seededRandom(11);
    const toolSets = Array.from({ length: 5 }, (_, set) =>
      Array.from({ length: 3 }, (_, index) => ({
        name: `t${set}.${index}`,
        description: 'é → "x"',
        schema: { type: 'object' },
      })),
    );
    const conversation = Array.from({ length: 6 }, (_, turn) => ({
      role: turn % 2 === 0 ? 'user' : 'assistant',
      content: `turn ${turn}: é → "quoted" ${'x'.repeat(next(30))}`,
    }));
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
      // A conversation's prefix, its messages the same objects, equal copies or changed; now and
      // then an item JSON.stringify writes as null.
      const messages: unknown[] = conversation.slice(0, next(conversation.length + 1)).map((message) => {
        const change = next(4);
        if (change === 0) return structuredClone(message);
        if (change === 1) return { ...message, content: `${message.content} ${body}` };
        return message;
      });
      if (next(10) === 0) messages.push(undefined, () => 'skipped');
      const value =
        next(2) === 0
          ? { model: 'm', system: `s${next(2)}`.repeat(10), tools }
          : { tools, model: 'm', messages };
      expect(encodeJsonBytes(value, cache).equals(Buffer.from(JSON.stringify(value))), `body ${body}`).toBe(
        true,
      );
    }
  });
});

describe('MemberBytesCache bounds', () => {
  it('drops the oldest keys past maxKeys or maxBytes', () => {
    const cache = new MemberBytesCache({
      members: new Set(),
      minBytes: 1,
      perKey: 2,
      maxKeys: 3,
      maxBytes: 10,
    });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, key, Buffer.from(`"${key}"`));
    expect(cache.get('a', 'a')).toBeUndefined(); // four keys, three kept
    expect(cache.get('d', 'd')?.toString()).toBe('"d"');
    expect(cache.heldBytes).toBe(9);
    cache.set('e', 'eeee', Buffer.from('"eeee"')); // 15 bytes over 10: the oldest go
    expect(cache.get('b', 'b')).toBeUndefined();
    expect(cache.get('c', 'c')).toBeUndefined();
    expect(cache.heldBytes).toBe(9);
    cache.set('f', 'x'.repeat(20), Buffer.from(JSON.stringify('x'.repeat(20)))); // larger than all: not kept
    expect(cache.heldBytes).toBe(9);
  });
});
