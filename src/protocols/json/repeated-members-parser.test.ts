import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { RepeatedMembersParser } from './repeated-members-parser.js';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { claudeCodeFixture } from '../../../test/fixtures/claude-code-fixtures.js';

// Bodies shaped as Claude Code sends them (Anthropic API reference, "Messages": model, messages,
// system, tools, metadata, max_tokens, thinking, stream; compact JSON.stringify output).
const FIXTURE = JSON.parse(readFileSync(claudeCodeFixture('messages-request.json'), 'utf8')) as Record<
  string,
  unknown
>;

const newParser = (maxEntries = 4): RepeatedMembersParser =>
  new RepeatedMembersParser({ keys: ['system', 'tools'], minBytes: 1024, maxEntries });

/** Parses with the parser and checks the result is JSON.parse's: same values, same key order. */
function parseBoth(parser: RepeatedMembersParser, text: string): Record<string, unknown> {
  const parsed = parser.parse(Buffer.from(text)) as Record<string, unknown>;
  const reference: unknown = JSON.parse(text);
  expect(parsed).toEqual(reference);
  expect(JSON.stringify(parsed)).toBe(JSON.stringify(reference));
  return parsed;
}

function withMessages(count: number, extra: Record<string, unknown> = {}): string {
  const messages = Array.from({ length: count }, (_, index) => ({
    role: index % 2 === 0 ? 'user' : 'assistant',
    content: [{ type: 'text', text: `turn ${index} é → "quoted"` }],
  }));
  return JSON.stringify({ ...FIXTURE, messages, ...extra });
}

describe('RepeatedMembersParser', () => {
  it('parses a repeat of the same system and tools around them, sharing the frozen values', () => {
    const parser = newParser();
    // The first body is parsed whole (and its run remembered).
    const first = parseBoth(parser, withMessages(1));
    expect(Object.isFrozen(first.tools)).toBe(false);
    // The conversation grows; system and tools stay: only the rest is parsed.
    const second = parseBoth(parser, withMessages(3));
    const third = parseBoth(parser, withMessages(5, { max_tokens: 64 }));
    expect(Object.isFrozen(second.tools)).toBe(true);
    expect(third.tools).toBe(second.tools);
    expect(third.system).toBe(second.system);
    expect(() => (third.tools as unknown[]).push({})).toThrow(TypeError);
  });

  it('parses whole (and remembers the new run) when a byte of the run changed', () => {
    const parser = newParser();
    parseBoth(parser, withMessages(1));
    const first = parseBoth(parser, withMessages(2));
    const tools = structuredClone(FIXTURE.tools) as Record<string, unknown>[];
    (tools[0] as Record<string, unknown>).description = 'changed';
    const changed = parseBoth(parser, withMessages(2, { tools }));
    expect(Object.isFrozen(changed.tools)).toBe(false);
    const again = parseBoth(parser, withMessages(4, { tools }));
    expect(Object.isFrozen(again.tools)).toBe(true);
    expect(parseBoth(parser, withMessages(5, { tools })).tools).toBe(again.tools);
    expect(parseBoth(parser, withMessages(4)).tools).toBe(first.tools);
  });

  it('finds the top-level members past nested members of the same names', () => {
    const parser = newParser();
    const nested = (turn: number): string =>
      JSON.stringify({
        model: 'm',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }], system: { tools: [turn] } }],
        system: FIXTURE.system,
        tools: [
          ...(FIXTURE.tools as unknown[]),
          { name: 'meta', input_schema: { properties: { metadata: {} } } },
        ],
        metadata: { user_id: 'u', metadata: { nested: true } },
        stream: true,
      });
    parseBoth(parser, nested(1));
    const second = parseBoth(parser, nested(2));
    expect(Object.isFrozen(second.tools)).toBe(true);
    expect(parseBoth(parser, nested(3)).tools).toBe(second.tools);
  });

  it('handles a run that ends the object, and bodies with no run or a small one', () => {
    const parser = newParser();
    const last = (text: string): string =>
      JSON.stringify({ model: 'm', messages: [text], system: 's', tools: FIXTURE.tools });
    parseBoth(parser, last('a'));
    const second = parseBoth(parser, `${last('b')}  \n`);
    expect(Object.isFrozen(second.tools)).toBe(true);
    parseBoth(parser, JSON.stringify({ model: 'm', messages: [] }));
    parseBoth(parser, JSON.stringify({ model: 'm', tools: [{ name: 'small' }], stream: true }));
    parseBoth(parser, JSON.stringify([FIXTURE.tools]));
  });

  it('keeps JSON.parse semantics for duplicate keys and __proto__ members', () => {
    const parser = newParser();
    const run = JSON.stringify({ system: FIXTURE.system, tools: FIXTURE.tools }).slice(1, -1);
    parseBoth(parser, `{"model":"m",${run},"stream":true}`);
    // A duplicate before the run (position from the first, value from the run) and after it.
    parseBoth(parser, `{"model":"m","tools":[],${run},"stream":true}`);
    parseBoth(parser, `{"model":"m",${run},"tools":[1],"stream":true}`);
    const proto = parseBoth(parser, `{"__proto__":{"polluted":true},"model":"m",${run},"stream":true}`);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws what JSON.parse throws for bodies that are not JSON around a remembered run', () => {
    const parser = newParser();
    const run = JSON.stringify({ system: FIXTURE.system, tools: FIXTURE.tools }).slice(1, -1);
    parseBoth(parser, `{"model":"m",${run},"stream":true}`);
    for (const text of [
      `{"model":"m" x,${run},"stream":true}`,
      `{"model":"m",${run},"stream":tru}`,
      `{"model":"m",${run},"stream":true}}`,
    ]) {
      expect(() => parser.parse(Buffer.from(text))).toThrow(SyntaxError);
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
    }
  });

  it('gives JSON.parse results for 300 random bodies over more runs than it remembers', () => {
    const parser = newParser(3);
    const runs = Array.from({ length: 5 }, (_, variant) => ({
      system: [{ type: 'text', text: `system ${variant} ${'x'.repeat(2000)}` }],
      tools: [{ name: `tool${variant}`, description: 'd → é', input_schema: { type: 'object' } }],
    }));
    const next = seededRandom(3);
    for (let body = 0; body < 300; body += 1) {
      const run = runs[next(runs.length)] as Record<string, unknown>;
      const before =
        next(3) === 0 ? { model: 'm' } : { model: 'm', messages: [{ role: 'user', content: `q${body}` }] };
      const after = [{}, { stream: true }, { metadata: { system: 1 }, max_tokens: body }][next(3)];
      parseBoth(parser, JSON.stringify({ ...before, ...run, ...after }));
    }
  });

  it('learns less once runs keep changing, and learns a run again once it repeats', () => {
    const parser = newParser(2);
    const learn = vi.spyOn(RepeatedMembersParser.prototype as unknown as { learn: () => void }, 'learn');
    const body = (variant: number): string =>
      JSON.stringify({
        model: 'm',
        messages: [],
        system: `at ${variant} ${'x'.repeat(2000)}`,
        tools: FIXTURE.tools,
        stream: true,
      });
    // A system prompt that changes every time: every body is new.
    for (let variant = 0; variant < 100; variant += 1) parseBoth(parser, body(variant));
    // The first 2 × maxEntries learn, then one in 16 of the next 96.
    expect(learn).toHaveBeenCalledTimes(4 + 6);
    // A body that repeats is remembered within 16 more, and used from then on.
    const repeats = Array.from({ length: 18 }, () => parseBoth(parser, body(1000)));
    expect(Object.isFrozen(repeats.at(-1)?.tools)).toBe(true);
    learn.mockRestore();
  });
});
