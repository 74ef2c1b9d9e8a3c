import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import { StringSlotTemplate } from '../json/string-slot-template.js';
import type { UpstreamExchange } from '../protocol.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { seededRandom } from '../../../test/support/seeded-random.js';

// Event shapes follow the Anthropic API reference, "Streaming Messages" (content_block_delta with
// text_delta / thinking_delta / signature_delta / input_json_delta). The decoder reads text and
// thinking deltas through a StringSlotTemplate; these tests check it decodes every stream exactly
// as the full parse does.
const EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'anthropic', model: 'm' };

const TRICKY = ['Hello', '', ' "quoted" ', 'back\\slash\\', 'line\nbreak', 'é → 🎉', '"}}', '\u0000\u001f'];

/** A seeded random stream of several blocks, written as Anthropic writes it. */
function randomStream(seed: number): SseEvent[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[next(items.length)] as T;
  const events: SseEvent[] = [];
  const add = (data: Record<string, unknown> & { type: string }): void => {
    events.push({ event: data.type, data: JSON.stringify(data) });
  };
  add({
    type: 'message_start',
    message: { id: 'msg', model: 'm', usage: { input_tokens: 3, output_tokens: 1 } },
  });
  const blocks = 1 + next(4);
  for (let index = 0; index < blocks; index += 1) {
    const kind = pick(['text', 'thinking', 'tool_use'] as const);
    const block =
      kind === 'text'
        ? { type: 'text', text: '' }
        : kind === 'thinking'
          ? { type: 'thinking', thinking: '', signature: '' }
          : { type: 'tool_use', id: `toolu_${index}`, name: 'Read', input: {} };
    add({ type: 'content_block_start', index, content_block: block });
    for (let n = next(6); n > 0; n -= 1) {
      const text = pick(TRICKY) + pick(TRICKY);
      const delta =
        kind === 'text'
          ? { type: 'text_delta', text }
          : kind === 'thinking'
            ? { type: 'thinking_delta', thinking: text }
            : { type: 'input_json_delta', partial_json: text };
      add({ type: 'content_block_delta', index, delta });
      // A delta of another block index, and one of another type, in the middle.
      if (next(5) === 0) add({ type: 'content_block_delta', index: index + 1, delta });
      if (next(7) === 0) add({ type: 'ping' });
    }
    if (kind === 'thinking') {
      add({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'sig' } });
    }
    add({ type: 'content_block_stop', index });
  }
  add({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } });
  add({ type: 'message_stop' });
  return events;
}

function decode(events: readonly SseEvent[]): IrStreamPart[] {
  const decoder = new AnthropicStreamDecoder(EXCHANGE);
  const parts: IrStreamPart[] = [];
  for (const event of events) parts.push(...decoder.push(event));
  parts.push(...decoder.end());
  return parts;
}

/** The same events with a trailing space after the JSON: never matches a template. */
function fullParseOnly(events: readonly SseEvent[]): SseEvent[] {
  return events.map((event) => ({ ...event, data: `${event.data} ` }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('AnthropicStreamDecoder: text and thinking deltas read through the template', () => {
  it('decodes 200 random streams exactly as the full parse does', () => {
    const read = vi.spyOn(StringSlotTemplate.prototype, 'read');
    for (let seed = 1; seed <= 200; seed += 1) {
      const events = randomStream(seed);
      expect(decode(events), `seed ${seed}`).toEqual(decode(fullParseOnly(events)));
    }
    // The template was used (and also refused events: the other index, signatures, pings…).
    const results = read.mock.results.map((result) => result.value as string | undefined);
    expect(results.filter((value) => value !== undefined).length).toBeGreaterThan(300);
    expect(results.filter((value) => value === undefined).length).toBeGreaterThan(50);
  });

  it('a text delta after message_stop, or after an error event, gives nothing', () => {
    const delta = {
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}}',
    };
    const start = [
      {
        event: 'message_start',
        data: '{"type":"message_start","message":{"id":"m","model":"m","usage":{}}}',
      },
      {
        event: 'content_block_start',
        data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      },
    ];
    const errorEvent = {
      event: 'error',
      data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    };
    const afterError = decode([...start, delta, errorEvent, delta]);
    expect(afterError.filter((part) => part.type === 'text-delta')).toEqual([
      { type: 'text-delta', index: 0, text: 'late' },
    ]);
    expect(afterError.at(-1)?.type).toBe('error');
  });

  it('a delta for the block of another wire index is not read as the open block', () => {
    const parts = decode([
      {
        event: 'message_start',
        data: '{"type":"message_start","message":{"id":"m","model":"m","usage":{}}}',
      },
      {
        event: 'content_block_start',
        data: '{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}',
      },
      {
        event: 'content_block_delta',
        data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"no"}}',
      },
      {
        event: 'content_block_delta',
        data: '{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"yes"}}',
      },
    ]);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([
      { type: 'text-delta', index: 0, text: 'yes' },
    ]);
  });
});
