import { describe, expect, it } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import {
  assertWellFormed,
  chunk,
  decodeEvents,
  deltaText,
  DONE,
  EXCHANGE,
  finishOf,
  readChunkFixture,
  toolCallsOf,
} from './__fixtures__/stream-test-support.js';
import { decodeOpenAIChatStream } from './decode-stream.js';
import { generatedToolCallId } from './finalize-tool-call.js';

/** The JSON of every `tool-input-delta`, in order. */
function toolDeltas(parts: readonly IrStreamPart[]): string[] {
  return parts.flatMap((part) => (part.type === 'tool-input-delta' ? [part.json] : []));
}

const fragment = (fields: Record<string, unknown>, index = 0): Record<string, unknown> => ({
  tool_calls: [{ index, ...fields }],
});

describe('decodeOpenAIChatStream: tool-call arguments stream live', () => {
  it('a sequential call arrives as one delta per fragment, each before the next chunk is read', async () => {
    const events = readChunkFixture('openai-chat-tool-call.1.chunks.txt');
    const log: string[] = [];
    async function* source(): AsyncGenerator<SseEvent> {
      for (const [position, event] of events.entries()) {
        log.push(`pull ${position}`);
        yield event;
      }
    }
    const parts: IrStreamPart[] = [];
    for await (const part of decodeOpenAIChatStream(source(), EXCHANGE)) {
      parts.push(part);
      log.push(part.type);
    }
    assertWellFormed(parts);
    expect(toolDeltas(parts)).toEqual(['{"', 'location', '":"', 'Paris', ',', ' France', '"}']);
    const deltas = Array.from({ length: 6 }, (_, step) => [`pull ${step + 2}`, 'tool-input-delta']).flat();
    expect(log.filter((entry) => entry.startsWith('pull') || entry.startsWith('tool-input'))).toEqual([
      'pull 0',
      'pull 1',
      'tool-input-start',
      'tool-input-delta',
      ...deltas,
      'pull 8',
      'tool-input-end',
      'pull 9',
    ]);
    expect(log.indexOf('tool-input-end')).toBeLessThan(log.indexOf('finish'));
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it('two parallel calls sent one after the other both stream live', async () => {
    const { parts, warnings } = await decodeEvents(
      readChunkFixture('openai-chat-parallel-tool-calls.1.chunks.txt'),
    );
    expect(parts.map((part) => part.type)).toEqual([
      'response-start',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-delta',
      'tool-input-end',
      'finish',
    ]);
    expect(toolDeltas(parts)).toEqual([
      '{"location":',
      '"Paris, France"}',
      '{"location":',
      '"Bogotá, Colombia"}',
    ]);
    expect(toolCallsOf(parts)).toEqual([
      { id: 'call_12345xyz', name: 'get_weather', input: { location: 'Paris, France' } },
      { id: 'call_67890abc', name: 'get_weather', input: { location: 'Bogotá, Colombia' } },
    ]);
    expect(warnings).toEqual([]);
  });

  it('interleaved parallel calls are buffered and come out whole and well-formed', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-parallel-tool-calls.2.chunks.txt'));
    expect(toolDeltas(parts)).toEqual(['{"location":"Paris, France"}', '{"location":"Bogotá, Colombia"}']);
    expect(toolCallsOf(parts)).toEqual([
      { id: 'call_12345xyz', name: 'get_weather', input: { location: 'Paris, France' } },
      { id: 'call_67890abc', name: 'get_weather', input: { location: 'Bogotá, Colombia' } },
    ]);
  });

  it('fragments of a call that already ended are dropped with a warning; later calls are buffered', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(fragment({ id: 'c1', function: { name: 'a', arguments: '' } })),
      chunk(fragment({ function: { arguments: '{"x":1}' } })),
      chunk(fragment({ id: 'c2', function: { name: 'b', arguments: '' } }, 1)),
      chunk(fragment({ function: { arguments: ' ' } })),
      chunk(fragment({ function: { arguments: '{"y":' } }, 1)),
      chunk(fragment({ function: { arguments: '2}' } }, 1)),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([
      { id: 'c1', name: 'a', input: { x: 1 } },
      { id: 'c2', name: 'b', input: { y: 2 } },
    ]);
    expect(toolDeltas(parts)).toEqual(['{"x":1}', '{"y":2}']);
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-tool-call']);
  });

  it('a late name: the fragments buffered before it are flushed as one delta, then the call is live', async () => {
    const { parts } = await decodeEvents([
      chunk(fragment({ id: 'c1', type: 'function', function: { arguments: '{"loc' } })),
      chunk(fragment({ function: { name: 'get_weather', arguments: 'ation":' } })),
      chunk(fragment({ function: { arguments: '"Pa' } })),
      chunk(fragment({ function: { arguments: 'ris"}' } })),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(parts.slice(1, 5)).toEqual([
      { type: 'tool-input-start', index: 0, id: 'c1', name: 'get_weather' },
      { type: 'tool-input-delta', index: 0, json: '{"location":"Pa' },
      { type: 'tool-input-delta', index: 0, json: 'ris"}' },
      { type: 'tool-input-end', index: 0 },
    ]);
  });

  it('a live call whose arguments are not JSON: passed on as received, with a warning', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(fragment({ id: 'c1', function: { name: 'write', arguments: "{'path': 'a.txt', " } })),
      chunk(fragment({ function: { arguments: "'ok': True" } })),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolDeltas(parts)).toEqual(["{'path': 'a.txt', 'ok': True"]);
    expect(parts.filter((part) => part.type === 'tool-input-start')).toHaveLength(1);
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-tool-arguments']);
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it('a live call without arguments gets {}, and one without an id gets one', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(fragment({ function: { name: 'list', arguments: '' } })),
      chunk(fragment({ function: { arguments: '' } })),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolDeltas(parts)).toEqual(['{}']);
    expect(toolCallsOf(parts)).toEqual([
      { id: generatedToolCallId('chatcmpl-t', 0), name: 'list', input: {} },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-tool-call']);
  });

  it('text after a live call ends the call before the text block opens', async () => {
    const { parts } = await decodeEvents([
      chunk({ content: 'Checking.' }),
      chunk(fragment({ id: 'c1', function: { name: 'a', arguments: '' } })),
      chunk(fragment({ function: { arguments: '{"q":1}' } })),
      chunk({ content: 'Done.' }),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(parts.map((part) => ('index' in part ? `${part.type} ${part.index}` : part.type))).toEqual([
      'response-start',
      'text-start 0',
      'text-delta 0',
      'text-end 0',
      'tool-input-start 1',
      'tool-input-delta 1',
      'tool-input-end 1',
      'text-start 2',
      'text-delta 2',
      'text-end 2',
      'finish',
    ]);
    expect(deltaText(parts, 'text-delta')).toBe('Checking.Done.');
  });

  it('usage on every chunk leaves the live call open', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-per-chunk-usage.1.chunks.txt'));
    const types = parts.map((part) => part.type);
    const start = types.indexOf('tool-input-start');
    const end = types.indexOf('tool-input-end');
    expect(types.slice(start, end + 1)).toEqual([
      'tool-input-start',
      'tool-input-delta',
      'usage',
      'tool-input-delta',
      'usage',
      'tool-input-end',
    ]);
  });

  it('name pieces after the call went live are ignored with a warning', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(fragment({ id: 'c1', function: { name: 'get', arguments: '' } })),
      chunk(fragment({ function: { arguments: '{}' } })),
      chunk(fragment({ function: { name: '_more' } })),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([{ id: 'c1', name: 'get', input: {} }]);
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-tool-call']);
  });
});
