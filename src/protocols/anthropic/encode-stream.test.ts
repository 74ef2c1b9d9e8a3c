import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { parseSseEvent, SseEventSplitter, type SseEvent } from '../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeAnthropicStream } from './decode-stream.js';
import { encodeAnthropicStream } from './encode-stream.js';

// The recorded reference streams of the Anthropic API reference, "Streaming Messages" (each file
// names its source in its comment lines).
const FIXTURES = new URL('../../../test/upstream/__fixtures__/', import.meta.url);
const EXCHANGE: UpstreamExchange = {
  toolNames: new Map(),
  providerId: 'anthropic',
  model: 'claude-opus-4-8',
};
const CLIENT = { requestedModel: 'claude-opus-4-8', includeUsage: true };

/** One event as compared: its `event:` name and its parsed data. */
interface ParsedEvent {
  event: string | undefined;
  data: unknown;
}

function splitEvents(text: string): SseEvent[] {
  const splitter = new SseEventSplitter();
  const raw = splitter.push(text);
  expect(splitter.flush().trim()).toBe('');
  return raw.map(parseSseEvent).filter((event) => event.data !== '');
}

function parsed(events: readonly SseEvent[]): ParsedEvent[] {
  return events.map((event) => ({ event: event.event, data: JSON.parse(event.data) as unknown }));
}

async function* fromArray<Item>(items: readonly Item[]): AsyncIterable<Item> {
  for (const item of items) yield await Promise.resolve(item);
}

async function collect<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const all: Item[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function reencode(name: string): Promise<{ upstream: ParsedEvent[]; client: ParsedEvent[] }> {
  const upstream = splitEvents(readFileSync(new URL(name, FIXTURES), 'utf8'));
  const parts = await collect(decodeAnthropicStream(fromArray(upstream), EXCHANGE));
  const text = (await collect(encodeAnthropicStream(fromArray(parts), CLIENT))).join('');
  return { upstream: parsed(upstream), client: parsed(splitEvents(text)) };
}

describe('reference stream → IR → Anthropic SSE', () => {
  it.each(['anthropic-basic-text.sse', 'anthropic-tool-use.sse', 'anthropic-error-event.sse'])(
    '%s comes back as the same events with the same JSON, ping in place',
    async (name) => {
      const { upstream, client } = await reencode(name);
      expect(client).toEqual(upstream);
    },
  );

  it('anthropic-extended-thinking.sse comes back the same, with the usage the reference left out as 0', async () => {
    const { upstream, client } = await reencode('anthropic-extended-thinking.sse');
    // The reference example has no `usage` in message_start / message_delta; the encoder always
    // writes it (the SDK's accumulator reads `message.usage.output_tokens`, and Claude Code reads
    // `input_tokens`), with the counts the stream reported: none, so 0.
    const expected = upstream.map((event) => {
      if (event.event === 'message_start') {
        const data = event.data as { message: Record<string, unknown> };
        return {
          ...event,
          data: { ...data, message: { ...data.message, usage: { input_tokens: 0, output_tokens: 0 } } },
        };
      }
      if (event.event === 'message_delta') {
        return { ...event, data: { ...(event.data as object), usage: { output_tokens: 0 } } };
      }
      return event;
    });
    expect(client).toEqual(expected);
  });
});

describe('encodeAnthropicStream', () => {
  async function encode(parts: IrStreamPart[]): Promise<ParsedEvent[]> {
    return parsed(splitEvents((await collect(encodeAnthropicStream(fromArray(parts), CLIENT))).join('')));
  }

  it('starts the message, closes open blocks, renumbers blocks densely and reports per-chunk usage', async () => {
    const events = await encode([
      { type: 'text-delta', index: 3, text: 'a' },
      { type: 'reasoning-start', index: 7 },
      { type: 'reasoning-signature', index: 7, signature: { provider: 'openai', value: 'enc' } },
      { type: 'tool-input-start', index: 9, id: 'call_1', name: 'run' },
      { type: 'tool-input-delta', index: 9, json: '{}' },
      { type: 'usage', usage: { inputTokens: 12 } },
      {
        type: 'finish',
        finishReason: 'tool-use',
        usage: { inputTokens: 12, outputTokens: 3, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ]);
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.data).toMatchObject({
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 0, output_tokens: 0 } },
    });
    expect(
      events.filter((event) => event.event === 'content_block_start').map((event) => event.data),
    ).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'call_1', name: 'run', input: {} },
      },
    ]);
    expect(events[5]?.data).toEqual({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'signature_delta', signature: 'sb1.openai.enc' },
    });
    expect(events[10]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 12, output_tokens: 3 },
    });
  });

  it('writes opaque and redacted blocks whole, a tool-like one with its input as one delta', async () => {
    const events = await encode([
      { type: 'response-start', id: 'msg_1', model: 'm' },
      {
        type: 'opaque-block',
        index: 0,
        format: 'anthropic',
        value: { type: 'server_tool_use', id: 's', name: 'web_search', input: { query: 'q' } },
      },
      {
        type: 'opaque-block',
        index: 1,
        format: 'anthropic',
        value: { type: 'web_search_tool_result', tool_use_id: 's', content: [] },
      },
      { type: 'opaque-block', index: 2, format: 'gemini', value: { executableCode: {} } },
      { type: 'redacted-reasoning', index: 3, data: 'r', provider: 'anthropic' },
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ]);
    expect(events.slice(1, 9).map((event) => event.data)).toEqual([
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":"q"}' },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'web_search_tool_result', tool_use_id: 's', content: [] },
      },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'redacted_thinking', data: 'r' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 0 },
      },
    ]);
  });

  it('ends with an error event on an IR error, and when the IR stream runs out', async () => {
    const failed = await encode([
      { type: 'response-start', id: 'msg_1', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'error', error: new GatewayError('overloaded', 529, 'Busy') },
      { type: 'text-delta', index: 0, text: 'ignored' },
    ]);
    expect(failed.map((event) => event.event)).toEqual(['message_start', 'content_block_start', 'error']);
    expect(failed[2]?.data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Busy' } });
    const cut = await encode([{ type: 'response-start', id: 'msg_1', model: 'm' }]);
    expect(cut.map((event) => event.event)).toEqual(['message_start', 'error']);
  });

  it('yields each part as soon as it arrives (no buffering)', async () => {
    const log: string[] = [];
    async function* parts(): AsyncIterable<IrStreamPart> {
      log.push('part 1');
      yield await Promise.resolve<IrStreamPart>({ type: 'response-start', id: 'msg_1', model: 'm' });
      log.push('part 2');
      yield await Promise.resolve<IrStreamPart>({ type: 'keep-alive' });
    }
    for await (const text of encodeAnthropicStream(parts(), CLIENT))
      log.push(parseSseEvent(text).event ?? '');
    expect(log).toEqual(['part 1', 'message_start', 'part 2', 'ping', 'error']);
  });
});
