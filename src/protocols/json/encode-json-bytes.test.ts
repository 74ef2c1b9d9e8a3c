import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeJsonBytes, WHOLE_BELOW_BYTES } from './encode-json-bytes.js';
import { MemberBytesCache } from './member-bytes-cache.js';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { claudeCodeFixture } from '../../../test/fixtures/claude-code-fixtures.js';

const reference = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

const STRINGS = ['', 'plain', 'é', '→ arrow', '🎉', '\ud800', 'a\u0000b', '"quoted"\\', '中文'];

/** A seeded random JSON-ish value, with what JSON.stringify skips or converts mixed in. */
function randomValue(next: (n: number) => number, depth: number): unknown {
  const roll = next(depth > 3 ? 6 : 10);
  switch (roll) {
    case 0:
      return STRINGS[next(STRINGS.length)];
    case 1:
      return [0, -0, 1.5, -7, 1e21, Number.NaN, Number.POSITIVE_INFINITY][next(7)];
    case 2:
      return [true, false, null][next(3)];
    case 3:
      return [undefined, () => 1, Symbol('s')][next(3)];
    case 4:
      return new Date(Date.UTC(2026, 10, 21));
    case 5: {
      const replaced = STRINGS[next(STRINGS.length)];
      return { toJSON: () => ({ replaced }) };
    }
    case 6:
    case 7:
      return Array.from({ length: next(5) }, () => randomValue(next, depth + 1));
    default: {
      const object: Record<string, unknown> = next(4) === 0 ? Object.create(null) : {};
      for (let n = next(6); n > 0; n -= 1)
        object[[`k${n}`, '2', 'é', '"'][next(4)] as string] = randomValue(next, depth + 1);
      return object;
    }
  }
}

describe('encodeJsonBytes', () => {
  it('gives the bytes of Buffer.from(JSON.stringify(value)) for 2,000 random values', () => {
    const next = seededRandom(7);
    for (let run = 0; run < 2000; run += 1) {
      const value = { body: randomValue(next, 0), list: [randomValue(next, 0), randomValue(next, 0)] };
      expect(encodeJsonBytes(value).equals(reference(value)), `run ${run}`).toBe(true);
    }
  });

  it('gives the same bytes for the Claude Code request (non-ASCII in a tool description)', () => {
    const body: unknown = JSON.parse(readFileSync(claudeCodeFixture('messages-request.json'), 'utf8'));
    expect(encodeJsonBytes(body).equals(reference(body))).toBe(true);
  });

  it('hands boxed values, Maps and top-level scalars to JSON.stringify whole', () => {
    for (const value of [
      new String('é'),
      new Number(3),
      new Map([[1, 2]]),
      'top',
      12,
      null,
      [new Boolean(false)],
    ]) {
      expect(encodeJsonBytes(value).equals(reference(value))).toBe(true);
    }
  });

  it('stringifies a value expected to be small whole: the same bytes, the same errors, no cache', () => {
    const next = seededRandom(8);
    const store = new MemberBytesCache({
      members: new Set(['body']),
      itemMembers: new Set(['list']),
      minBytes: 1,
      perKey: 8,
      maxKeys: 64,
      maxBytes: 1 << 20,
    });
    const cache = { store, scope: 'test' };
    for (let run = 0; run < 500; run += 1) {
      const value = { body: randomValue(next, 0), list: [randomValue(next, 0)] };
      expect(
        encodeJsonBytes(value, cache, WHOLE_BELOW_BYTES - 1).equals(reference(value)),
        `run ${run}`,
      ).toBe(true);
    }
    // Whole: nothing was looked up or remembered member by member.
    encodeJsonBytes({ body: 'kept?' }, cache, WHOLE_BELOW_BYTES - 1);
    expect(store.get('test body', 'kept?')).toBeUndefined();
    encodeJsonBytes({ body: 'kept?' }, cache, WHOLE_BELOW_BYTES);
    expect(store.get('test body', 'kept?')?.toString()).toBe('"kept?"');
    expect(() => encodeJsonBytes({ big: 1n }, undefined, 10)).toThrow(TypeError);
    expect(() => encodeJsonBytes(undefined, undefined, 10)).toThrow(TypeError);
  });

  it('throws where JSON.stringify throws, and for a value with no JSON text', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = { again: cycle };
    expect(() => encodeJsonBytes({ big: 1n })).toThrow(TypeError);
    expect(() => encodeJsonBytes(cycle)).toThrow(TypeError);
    expect(() => encodeJsonBytes(undefined)).toThrow(TypeError);
  });
});
