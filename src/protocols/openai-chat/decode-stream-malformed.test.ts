import { describe, expect, it } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { SseEvent } from '../../upstream/sse-decode.js';
import {
  chunk,
  decodeEvents,
  deltaText,
  DONE,
  EXCHANGE,
  finishOf,
  toolCallsOf,
} from './__fixtures__/stream-test-support.js';
import { decodeOpenAIChatStream } from './decode-stream.js';
import { generatedToolCallId } from './finalize-tool-call.js';

describe('decodeOpenAIChatStream: malformed upstream output', () => {
  const call = (fields: Record<string, unknown>): Record<string, unknown> => ({
    tool_calls: [{ index: 0, ...fields }],
  });

  it('maps shortened tool names back', async () => {
    const exchange = { ...EXCHANGE, toolNames: new Map([['mcp_fs_read_1a2b3c4d', 'mcp.fs.read']]) };
    const { parts } = await decodeEvents(
      [
        chunk(call({ id: 'c1', function: { name: 'mcp_fs_read_1a2b3c4d', arguments: '{}' } })),
        chunk({}, 'tool_calls'),
        DONE,
      ],
      exchange,
    );
    expect(toolCallsOf(parts)).toEqual([{ id: 'c1', name: 'mcp.fs.read', input: {} }]);
  });

  it('generates a missing id, unique per answer', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(call({ function: { name: 'a', arguments: '{"x":1}' } })),
      chunk({ tool_calls: [{ index: 1, id: '', function: { name: 'b', arguments: '' } }] }),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([
      { id: generatedToolCallId('chatcmpl-t', 0), name: 'a', input: { x: 1 } },
      { id: generatedToolCallId('chatcmpl-t', 1), name: 'b', input: {} },
    ]);
    expect(generatedToolCallId('chatcmpl-t', 0)).toMatch(/^call_[0-9a-f]{8}_0$/);
    expect(warnings.map((warning) => warning.code)).toContain('malformed-tool-call');
  });

  // Updated for live tool-call streaming: these fragments used to be buffered and repaired; a call
  // sent in fragments one after another now streams live (no repair: decode-stream-live-tools.test.ts),
  // so the repair is checked on a call that stays buffered (sent whole in one fragment).
  it('repairs arguments that are not JSON at the end of a buffered call', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(call({ id: 'c1', function: { name: 'write', arguments: "{'path': 'a.txt', 'ok': True" } })),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([{ id: 'c1', name: 'write', input: { path: 'a.txt', ok: true } }]);
    expect(warnings.map((warning) => warning.code)).toContain('repaired-tool-arguments');
  });

  it('passes calls it cannot repair, or without a name, as text', async () => {
    const { parts, warnings } = await decodeEvents([
      chunk(call({ id: 'c1', function: { name: 'a', arguments: '{"x":1}{"y":2}' } })),
      chunk({ tool_calls: [{ index: 1, id: 'c2', function: { arguments: '{"q":1}' } }] }),
      chunk({ tool_calls: [{ index: 2, id: 'c3' }] }),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([]);
    expect(deltaText(parts, 'text-delta')).toBe(
      '[tool call a] {"x":1}{"y":2}[tool call without a name] {"q":1}',
    );
    expect(finishOf(parts).finishReason).toBe('tool-use');
    expect(warnings.map((warning) => warning.code)).toEqual(
      expect.arrayContaining(['unparsable-tool-arguments', 'malformed-tool-call']),
    );
  });

  it('takes arguments sent as an object, and ids and names repeated on every fragment', async () => {
    const { parts } = await decodeEvents([
      chunk(call({ id: 'c1', type: 'function', function: { name: 'get', arguments: { a: 1 } } })),
      chunk(call({ id: 'c1', type: 'function', function: { name: 'get' } })),
      chunk({}, 'stop'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([{ id: 'c1', name: 'get', input: { a: 1 } }]);
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it('joins a name streamed in pieces, and fragments without index', async () => {
    const { parts } = await decodeEvents([
      chunk({ tool_calls: [{ id: 'c1', function: { name: 'get_', arguments: '{"a"' } }] }),
      chunk({ tool_calls: [{ function: { name: 'weather', arguments: ':1}' } }] }),
      chunk({}, 'tool_calls'),
      DONE,
    ]);
    expect(toolCallsOf(parts)).toEqual([{ id: 'c1', name: 'get_weather', input: { a: 1 } }]);
  });

  it('closes the text block before tool calls, and finishes after usage that follows finish_reason', async () => {
    const { parts } = await decodeEvents([
      chunk({ role: 'assistant', content: 'Let me check.' }),
      chunk(call({ id: 'c1', function: { name: 'a', arguments: '{}' } })),
      chunk({}, 'tool_calls'),
      {
        event: undefined,
        data: JSON.stringify({
          id: 'chatcmpl-t',
          choices: [],
          usage: { prompt_tokens: 3, completion_tokens: 4 },
        }),
      },
      DONE,
    ]);
    expect(parts.map((part) => part.type)).toEqual([
      'response-start',
      'text-start',
      'text-delta',
      'text-end',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'usage',
      'finish',
    ]);
    expect(finishOf(parts).usage).toMatchObject({ inputTokens: 3, outputTokens: 4 });
  });

  it('reads chunks that carry "error": null as chunks', async () => {
    const { parts } = await decodeEvents([chunk({ content: 'ok' }, 'stop', { error: null }), DONE]);
    expect(deltaText(parts, 'text-delta')).toBe('ok');
  });

  it('finishes without [DONE] when finish_reason came', async () => {
    const { parts } = await decodeEvents([chunk({ content: 'x' }), chunk({}, 'length')]);
    expect(finishOf(parts).finishReason).toBe('max-tokens');
  });

  it('a stream cut before finish_reason ends with an error', async () => {
    const { parts } = await decodeEvents([chunk({ content: 'x' })]);
    expect(parts.map((part) => part.type)).toEqual([
      'response-start',
      'text-start',
      'text-delta',
      'text-end',
      'error',
    ]);
  });

  it('an empty stream is an error', async () => {
    const { parts } = await decodeEvents([DONE]);
    expect(parts.map((part) => part.type)).toEqual(['error']);
  });

  it('skips events that are not JSON, with a warning', async () => {
    const { parts, warnings } = await decodeEvents([
      { event: undefined, data: 'not json' },
      chunk({ content: 'ok' }, 'stop'),
      DONE,
    ]);
    expect(deltaText(parts, 'text-delta')).toBe('ok');
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-chunk']);
  });

  it('an `event: error` is an error', async () => {
    const { parts } = await decodeEvents([
      chunk({ content: 'a' }),
      { event: 'error', data: '{"message":"overloaded"}' },
    ]);
    const last = parts[parts.length - 1];
    expect(last?.type === 'error' && last.error.message).toBe(
      "Upstream 'openai' failed mid-stream: overloaded",
    );
  });

  it('a refusal is text with finish reason refusal', async () => {
    const { parts } = await decodeEvents([
      chunk({ refusal: "I can't help with that." }),
      chunk({}, 'stop'),
      DONE,
    ]);
    expect(deltaText(parts, 'text-delta')).toBe("I can't help with that.");
    expect(finishOf(parts).finishReason).toBe('refusal');
  });

  it('stops reading after [DONE]', async () => {
    let read = 0;
    async function* events(): AsyncGenerator<SseEvent> {
      for (const event of [chunk({ content: 'a' }, 'stop'), DONE, chunk({ content: 'late' })]) {
        read += 1;
        yield event;
      }
    }
    const parts: IrStreamPart[] = [];
    for await (const part of decodeOpenAIChatStream(events(), EXCHANGE)) parts.push(part);
    expect(read).toBe(2);
    expect(deltaText(parts, 'text-delta')).toBe('a');
  });
});
