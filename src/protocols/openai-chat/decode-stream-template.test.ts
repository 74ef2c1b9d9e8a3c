import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrWarning } from '../../ir/warning.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import { StringSlotTemplate } from '../json/string-slot-template.js';
import { EXCHANGE } from './__fixtures__/stream-test-support.js';
import { deltaLiteralPart } from '../stream-codec.js';
import { OpenAIChatStreamState } from './openai-chat-stream-state.js';
import { ToolCallAssembler } from './tool-call-assembler.js';
import { seededRandom } from '../../../test/support/seeded-random.js';

// Chunk shapes follow the OpenAI API reference, "The chat completion chunk object" (and the
// `reasoning_content` / think-tag variants the decoder documents). Text-only chunks are read
// through a StringSlotTemplate learned from the first one; these tests check every stream decodes
// exactly as the full parse decodes it.
const TRICKY = [
  'Hello',
  ' "quoted" ',
  'back\\slash',
  'line\n',
  'é → 🎉',
  '"content":"x"',
  '<think>',
  '</think>',
];

function randomStream(seed: number): SseEvent[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[next(items.length)] as T;
  const events: SseEvent[] = [];
  const chunk = (
    delta: Record<string, unknown> | null,
    extra: Record<string, unknown> = {},
    finish: string | null = null,
  ): void => {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finish };
    const body = {
      id: 'chatcmpl-r',
      object: 'chat.completion.chunk',
      created: 7,
      model: 'm',
      choices: [choice],
      ...extra,
    };
    events.push({ event: undefined, data: JSON.stringify(body) });
  };
  chunk({ role: 'assistant', content: next(2) === 0 ? '' : pick(TRICKY) });
  for (let n = 5 + next(30); n > 0; n -= 1) {
    const roll = next(20);
    if (roll === 0) chunk({ reasoning_content: pick(TRICKY) });
    else if (roll === 1) chunk({ content: pick(TRICKY) }, { created: 8 });
    else if (roll === 2)
      chunk({ content: pick(TRICKY) }, { usage: { prompt_tokens: 3, completion_tokens: n } });
    else if (roll === 3) chunk({ content: '' });
    else if (roll === 4) events.push({ event: undefined, data: 'not json' });
    else if (roll === 5)
      chunk({
        tool_calls: [
          { index: 0, id: `call_${n}`, type: 'function', function: { name: 'Read', arguments: '{}' } },
        ],
      });
    else chunk({ content: pick(TRICKY) + pick(TRICKY) });
  }
  chunk({}, {}, pick(['stop', 'tool_calls', 'length']));
  if (next(2) === 0) chunk({ content: 'after finish' });
  events.push({
    event: undefined,
    data: JSON.stringify({
      id: 'chatcmpl-r',
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    }),
  });
  events.push({ event: undefined, data: '[DONE]' });
  return events;
}

function decode(events: readonly SseEvent[]): { parts: IrStreamPart[]; warnings: IrWarning[] } {
  const warnings: IrWarning[] = [];
  const decoder = new OpenAIChatStreamState(EXCHANGE, { onWarning: (warning) => warnings.push(warning) });
  const parts: IrStreamPart[] = [];
  for (const event of events) parts.push(...decoder.push(event));
  parts.push(...decoder.end());
  return { parts, warnings };
}

/** The same events with a trailing space after the JSON: never matches the template. */
function fullParseOnly(events: readonly SseEvent[]): SseEvent[] {
  return events.map((event) => ({ ...event, data: `${event.data} ` }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('OpenAIChatStreamState: text-only chunks read through the learned template', () => {
  it('decodes 200 random streams exactly as the full parse does (parts and warnings)', () => {
    const read = vi.spyOn(StringSlotTemplate.prototype, 'read');
    for (let seed = 1; seed <= 200; seed += 1) {
      const events = randomStream(seed);
      expect(decode(events), `seed ${seed}`).toEqual(decode(fullParseOnly(events)));
    }
    const results = read.mock.results.map((result) => result.value as string | undefined);
    expect(results.filter((value) => value !== undefined).length).toBeGreaterThan(500);
    expect(results.filter((value) => value === undefined).length).toBeGreaterThan(100);
  });

  it('an `event: error` whose data matches the template is still the stream error', () => {
    const text = (content: string): string =>
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { content }, finish_reason: null }],
      });
    const { parts } = decode([
      { event: undefined, data: text('a') },
      { event: 'error', data: text('b') },
    ]);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([
      { type: 'text-delta', index: 0, text: 'a' },
    ]);
    expect(parts.at(-1)?.type).toBe('error');
  });

  it('a chunk learned from has no other effect than its content (no template from a role-less first chunk with usage)', () => {
    const withUsage = JSON.stringify({
      id: 'c',
      choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    });
    const learn = vi.spyOn(StringSlotTemplate, 'learn');
    decode([
      { event: undefined, data: withUsage },
      { event: undefined, data: withUsage },
    ]);
    expect(learn).not.toHaveBeenCalled();
  });
});

describe('OpenAIChatStreamState.readDelta (the delta fast lane)', () => {
  const chunk = (delta: Record<string, unknown>): string =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

  function pushRaw(decoder: OpenAIChatStreamState, raw: string): IrStreamPart[] {
    return decoder.push({ event: undefined, data: raw.slice('data: '.length, -2) });
  }

  it('reads a content chunk of the open text block as its literal, exactly what push would give', () => {
    const decoder = new OpenAIChatStreamState(EXCHANGE);
    pushRaw(decoder, chunk({ role: 'assistant', content: '' }));
    pushRaw(decoder, chunk({ content: 'Hello' }));
    const raw = chunk({ content: 'caf\u00e9 "x"' });
    const delta = decoder.readDelta(raw);
    expect(delta).toEqual({ kind: 'text-delta', index: 0, json: JSON.stringify('caf\u00e9 "x"') });
    expect(pushRaw(decoder, raw)).toEqual([{ type: 'text-delta', index: 0, text: 'caf\u00e9 "x"' }]);
    expect(decoder.readDelta(chunk({ content: '' }))).toBeUndefined();
  });

  it('reads nothing while the think-tag splitter holds text back, even with a text block open', () => {
    const decoder = new OpenAIChatStreamState(EXCHANGE);
    pushRaw(decoder, chunk({ role: 'assistant', content: '' }));
    // A refusal opens the text block without the splitter; then a partial `<think>` is held back.
    pushRaw(decoder, chunk({ refusal: 'No.' }));
    pushRaw(decoder, chunk({ content: '<thi' }));
    expect(decoder.readDelta(chunk({ content: 'nk>' }))).toBeUndefined();
    // `push` completes the tag: no text at all (reasoning follows), where a text delta would be wrong.
    expect(pushRaw(decoder, chunk({ content: 'nk>' }))).toEqual([]);
  });
});

describe('OpenAIChatStreamState.readDelta: tool-call argument pieces', () => {
  /** Random tool-call streams: text, then one or two calls whose arguments come in random pieces. */
  function toolStream(seed: number): string[] {
    const next = seededRandom(seed);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    const events = [chunk({ role: 'assistant', content: '' })];
    for (let n = next(4); n > 0; n -= 1) events.push(chunk({ content: 'text ' }));
    for (let call = 0, calls = 1 + next(2); call < calls; call += 1) {
      // Valid JSON arguments most of the time, cut at random places; sometimes a broken object.
      const full =
        next(5) === 0 ? '{"path": "a é' : JSON.stringify({ path: `src/${call}.ts`, note: 'a "b" é\n' });
      const first = next(3) === 0 ? full.slice(0, 1 + next(4)) : '';
      events.push(
        chunk({
          tool_calls: [
            {
              index: call,
              id: `call_${call}`,
              type: 'function',
              function: { name: 'Read', arguments: first },
            },
          ],
        }),
      );
      for (let at = first.length; at < full.length;) {
        const size = 1 + next(6);
        const fragment: Record<string, unknown> = {
          index: call,
          function: { arguments: full.slice(at, at + size) },
        };
        if (next(10) === 0) fragment.id = `call_${call}`;
        events.push(chunk({ tool_calls: [fragment] }));
        at += size;
      }
      if (next(4) === 0) events.push(chunk({ content: 'between' }));
    }
    events.push(chunk({}, 'tool_calls'), 'data: [DONE]\n\n');
    return events;
  }

  function decodeRaw(
    events: readonly string[],
    fastLane: boolean,
  ): { parts: IrStreamPart[]; warnings: IrWarning[] } {
    const warnings: IrWarning[] = [];
    const decoder = new OpenAIChatStreamState(EXCHANGE, { onWarning: (warning) => warnings.push(warning) });
    const parts: IrStreamPart[] = [];
    for (const raw of events) {
      const delta = fastLane ? decoder.readDelta(raw) : undefined;
      if (delta !== undefined) parts.push(deltaLiteralPart(delta));
      else parts.push(...decoder.push({ event: undefined, data: raw.slice('data: '.length, -2) }));
    }
    parts.push(...decoder.end());
    return { parts, warnings };
  }

  it('gives the parts and warnings push gives, 200 random streams, most pieces on the fast lane', () => {
    const appendLive = vi.spyOn(ToolCallAssembler.prototype, 'appendLive');
    for (let seed = 1; seed <= 200; seed += 1) {
      const events = toolStream(seed);
      expect(decodeRaw(events, true), `seed ${seed}`).toEqual(decodeRaw(events, false));
    }
    const taken = appendLive.mock.results.filter((result) => result.value !== undefined).length;
    expect(taken).toBeGreaterThan(1000);
  });

  it('reads a piece as its literal only while its call is live', () => {
    const decoder = new OpenAIChatStreamState(EXCHANGE);
    const chunk = (delta: Record<string, unknown>): string =>
      `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
    const piece = (text: string): string =>
      chunk({ tool_calls: [{ index: 0, function: { arguments: text } }] });
    const push = (raw: string): IrStreamPart[] => decoder.push({ event: undefined, data: raw.slice(6, -2) });
    push(chunk({ role: 'assistant', content: '' }));
    push(
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Read', arguments: '' } }],
      }),
    );
    expect(push(piece('{"a":'))).toContainEqual({ type: 'tool-input-delta', index: 0, json: '{"a":' });
    expect(decoder.readDelta(piece('"x\\"y"'))).toEqual({
      kind: 'tool-input-delta',
      index: 0,
      json: JSON.stringify('"x\\"y"'),
    });
    expect(decoder.readDelta(piece(''))).toBeUndefined();
    push(chunk({ content: 'text ends the call' }));
    expect(decoder.readDelta(piece('}'))).toBeUndefined();
  });
});
