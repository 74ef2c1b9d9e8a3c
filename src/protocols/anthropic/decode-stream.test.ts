import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { UpstreamHttpError } from '../../errors/upstream-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { parseSseEvent, SseEventSplitter, type SseEvent } from '../../upstream/sse-decode.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeAnthropicStream } from './decode-stream.js';

// Event shapes follow the Anthropic API reference, "Streaming Messages"; the recorded reference
// streams live in test/upstream/__fixtures__/ (each names its source in its comment lines).
const FIXTURES = new URL('../../../test/upstream/__fixtures__/', import.meta.url);
const EXCHANGE: UpstreamExchange = {
  toolNames: new Map(),
  providerId: 'anthropic',
  model: 'claude-opus-4-8',
};
const ZERO = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };

function fixture(name: string): SseEvent[] {
  const splitter = new SseEventSplitter();
  return splitter
    .push(readFileSync(new URL(name, FIXTURES), 'utf8'))
    .map(parseSseEvent)
    .filter((event) => event.data !== '');
}

/** An event as Anthropic writes it. */
function event(data: Record<string, unknown> & { type: string }): SseEvent {
  return { event: data.type, data: JSON.stringify(data) };
}

const START = event({
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'm',
    usage: { input_tokens: 5, output_tokens: 1 },
  },
});
const STOP = event({ type: 'message_stop' });

async function decode(events: readonly SseEvent[], exchange = EXCHANGE): Promise<IrStreamPart[]> {
  async function* source(): AsyncIterable<SseEvent> {
    for (const item of events) yield await Promise.resolve(item);
  }
  const parts: IrStreamPart[] = [];
  for await (const part of decodeAnthropicStream(source(), exchange)) parts.push(part);
  return parts;
}

describe('decodeAnthropicStream', () => {
  it('decodes the basic reference stream', async () => {
    expect(await decode(fixture('anthropic-basic-text.sse'))).toEqual([
      {
        type: 'response-start',
        id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
        model: 'claude-opus-4-8',
        usage: { inputTokens: 25, outputTokens: 1 },
      },
      { type: 'text-start', index: 0 },
      { type: 'keep-alive' },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-delta', index: 0, text: '!' },
      { type: 'text-end', index: 0 },
      { type: 'usage', usage: { outputTokens: 15 } },
      { type: 'finish', finishReason: 'end-turn', usage: { ...ZERO, inputTokens: 25, outputTokens: 15 } },
    ]);
  });

  it('decodes thinking with its signature before the block ends', async () => {
    const parts = await decode(fixture('anthropic-extended-thinking.sse'));
    expect(parts.slice(6, 9)).toEqual([
      {
        type: 'reasoning-signature',
        index: 0,
        signature: {
          provider: 'anthropic',
          value: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...',
        },
      },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
    ]);
  });

  it('reads a relay that leaves out the event: lines like one that sends them', async () => {
    const events = fixture('anthropic-tool-use.sse');
    const bare = events.map((item) => ({ event: undefined, data: item.data }));
    expect(await decode(bare)).toEqual(await decode(events));
  });

  it('ends with an error part when the stream stops before message_stop', async () => {
    const parts = await decode(fixture('anthropic-basic-text.sse').slice(0, 4));
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error).toBeInstanceOf(GatewayError);
    expect(last.error).toMatchObject({
      status: 502,
      message: "Upstream 'anthropic' ended the stream before message_stop.",
    });
  });

  it.each([
    ['overloaded_error', 529],
    ['api_error', 500],
    ['rate_limit_error', 429],
    ['invalid_request_error', 400],
    ['timeout_error', 504],
    ['a_future_error', 500],
  ])('turns an %s event into an error part with status %i', async (type, status) => {
    const parts = await decode([START, event({ type: 'error', error: { type, message: 'Nope' } }), STOP]);
    expect(parts.map((part) => part.type)).toEqual(['response-start', 'error']);
    const error = parts[1]?.type === 'error' ? parts[1].error : undefined;
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({
      status,
      message: 'Nope',
      upstreamErrorType: type,
      upstreamId: 'anthropic',
    });
  });

  it('accumulates a block of a kind the IR does not model into one opaque block', async () => {
    const parts = await decode([
      START,
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 's1', name: 'web_search', input: {} },
      }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":' },
      }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '"weather"}' },
      }),
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'web_search_tool_result', tool_use_id: 's1', content: [] },
      }),
      event({ type: 'content_block_stop', index: 1 }),
      event({ type: 'content_block_start', index: 2, content_block: { type: 'a_future_block', text: '' } }),
      event({ type: 'content_block_delta', index: 2, delta: { type: 'a_future_delta', text: 'ab', n: 1 } }),
      event({ type: 'content_block_delta', index: 2, delta: { type: 'a_future_delta', text: 'c' } }),
      event({ type: 'content_block_stop', index: 2 }),
      event({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 9 },
      }),
      STOP,
    ]);
    expect(parts.filter((part) => part.type === 'opaque-block')).toEqual([
      {
        type: 'opaque-block',
        index: 0,
        format: 'anthropic',
        value: { type: 'server_tool_use', id: 's1', name: 'web_search', input: { query: 'weather' } },
      },
      {
        type: 'opaque-block',
        index: 1,
        format: 'anthropic',
        value: { type: 'web_search_tool_result', tool_use_id: 's1', content: [] },
      },
      {
        type: 'opaque-block',
        index: 2,
        format: 'anthropic',
        value: { type: 'a_future_block', text: 'abc', n: 1 },
      },
    ]);
  });

  it('reports per-chunk usage and merges it into the final totals', async () => {
    const parts = await decode([
      START,
      event({
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens', stop_sequence: null },
        usage: { input_tokens: 7, cache_read_input_tokens: 100, output_tokens: 30 },
      }),
      STOP,
    ]);
    expect(parts.slice(1)).toEqual([
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 30, cacheReadInputTokens: 100 } },
      {
        type: 'finish',
        finishReason: 'max-tokens',
        usage: { ...ZERO, inputTokens: 7, outputTokens: 30, cacheReadInputTokens: 100 },
      },
    ]);
    // encode-stream.test.ts shows these counts reaching the client's message_delta.
  });

  it('decodes redacted thinking, stop sequences, tool names and upstream signatures', async () => {
    const exchange: UpstreamExchange = {
      toolNames: new Map([['f_1', 'long_name']]),
      providerId: 'minimax',
      model: 'm',
    };
    const parts = await decode(
      [
        START,
        event({
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'redacted_thinking', data: 'abc' },
        }),
        event({ type: 'content_block_stop', index: 0 }),
        event({
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        }),
        event({
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'signature_delta', signature: 'sig' },
        }),
        event({
          type: 'content_block_start',
          index: 2,
          content_block: { type: 'tool_use', id: 't', name: 'f_1', input: { a: 1 } },
        }),
        event({
          type: 'message_delta',
          delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' },
          usage: { output_tokens: 2 },
        }),
        STOP,
      ],
      exchange,
    );
    expect(parts.slice(1)).toEqual([
      { type: 'redacted-reasoning', index: 0, data: 'abc', provider: 'minimax' },
      { type: 'reasoning-start', index: 1 },
      { type: 'reasoning-signature', index: 1, signature: { provider: 'minimax', value: 'sig' } },
      { type: 'reasoning-end', index: 1 },
      { type: 'tool-input-start', index: 2, id: 't', name: 'long_name' },
      { type: 'tool-input-delta', index: 2, json: '{"a":1}' },
      { type: 'usage', usage: { outputTokens: 2 } },
      { type: 'tool-input-end', index: 2 },
      {
        type: 'finish',
        finishReason: 'stop-sequence',
        stopSequence: 'END',
        usage: { ...ZERO, inputTokens: 5, outputTokens: 2 },
      },
    ]);
  });

  it('skips [DONE] and empty data, fails on data that is not JSON', async () => {
    const parts = await decode([
      START,
      { event: undefined, data: '[DONE]' },
      { event: 'content_block_delta', data: '{oops' },
    ]);
    expect(parts.map((part) => part.type)).toEqual(['response-start', 'error']);
    expect(parts[1]).toMatchObject({ error: { status: 502 } });
  });

  it('stops reading the upstream after message_stop', async () => {
    let pulled = 0;
    async function* source(): AsyncIterable<SseEvent> {
      for (const item of [START, STOP, STOP, STOP]) {
        pulled += 1;
        yield await Promise.resolve(item);
      }
    }
    for await (const part of decodeAnthropicStream(source(), EXCHANGE)) expect(part.type).not.toBe('error');
    expect(pulled).toBe(2);
  });
});
