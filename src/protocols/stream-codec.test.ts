import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import type { IrStreamPart } from '../ir/stream-part.js';
import type { SseEvent } from '../upstream/sse-decode.js';
import { readGeminiChunks } from './gemini/__fixtures__/stream-test-support.js';
import { readChunkFixture } from './openai-chat/__fixtures__/stream-test-support.js';
import { readEventFixture } from './openai-responses/__fixtures__/stream-test-support.js';
import type { ClientExchange, Protocol, UpstreamExchange, WireFormat } from './protocol.js';
import { protocolFor } from './registry.js';
import type { IrStreamDecoder, IrStreamEncoder } from './stream-codec.js';

const FORMATS: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'];
const CLIENT: ClientExchange = { requestedModel: 'client-model', includeUsage: true };
const USAGE = { inputTokens: 12, outputTokens: 34, cacheReadInputTokens: 5, cacheCreationInputTokens: 0 };

/** Every kind of part, in a well-formed answer. */
const ANSWER: readonly IrStreamPart[] = [
  { type: 'response-start', id: 'answer-1', model: 'upstream-model', usage: { inputTokens: 12 } },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Let me "think" \u2028 about ☃ 😀.' },
  { type: 'reasoning-signature', index: 0, signature: { provider: 'anthropic', value: 'sig-1' } },
  { type: 'reasoning-end', index: 0 },
  { type: 'keep-alive' },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Hello, ' },
  { type: 'text-delta', index: 1, text: '' },
  { type: 'text-delta', index: 1, text: 'wörld\n\t"quoted" \\ </script>' },
  { type: 'text-end', index: 1 },
  { type: 'tool-input-start', index: 2, id: 'call_1', name: 'get_weather' },
  { type: 'tool-input-delta', index: 2, json: '{"city":' },
  { type: 'tool-input-delta', index: 2, json: '"Paris"}' },
  { type: 'tool-input-end', index: 2 },
  { type: 'usage', usage: { outputTokens: 30 } },
  { type: 'finish', finishReason: 'tool-use', usage: USAGE },
];

const FAILED: readonly IrStreamPart[] = [
  ...ANSWER.slice(0, 8),
  { type: 'error', error: new GatewayError('upstream_error', 502, 'The upstream broke off.') },
  { type: 'text-delta', index: 1, text: 'after the end' },
];

const RAN_OUT: readonly IrStreamPart[] = ANSWER.slice(0, 10);

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Feeds parts to a sync encoder as the relay does: stop after the end, `end()` when they run out. */
function encodeSync(encoder: IrStreamEncoder, parts: readonly IrStreamPart[]): string {
  let text = '';
  for (const part of parts) {
    text += encoder.push(part);
    if (encoder.ended) return text;
  }
  return text + encoder.end();
}

function decodeSync(decoder: IrStreamDecoder, events: readonly SseEvent[]): IrStreamPart[] {
  const parts: IrStreamPart[] = [];
  for (const event of events) {
    parts.push(...decoder.push(event));
    if (decoder.done) return parts;
  }
  return [...parts, ...decoder.end()];
}

describe('createStreamEncoder: the same text as encodeStream', () => {
  beforeEach(() => {
    vi.spyOn(Date, 'now').mockReturnValue(1_741_570_283_000);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const clients: [string, ClientExchange][] = [
    ['sse', CLIENT],
    ['sse without usage', { requestedModel: 'client-model', includeUsage: false }],
    ['json-array', { ...CLIENT, streamFraming: 'json-array' }],
  ];
  for (const format of FORMATS) {
    for (const [framing, client] of clients) {
      if (framing === 'json-array' && format !== 'gemini') continue;
      for (const [name, parts] of [
        ['a whole answer', ANSWER],
        ['an answer that fails', FAILED],
        ['parts that run out', RAN_OUT],
      ] as const) {
        it(`${format} (${framing}): ${name}`, async () => {
          const protocol: Protocol = protocolFor(format);
          const expected = (await collect(protocol.encodeStream(iterate(parts), client))).join('');
          const encoder = protocol.createStreamEncoder(client);
          const actual = encodeSync(encoder, parts);
          expect(actual).toBe(expected);
          expect(actual).not.toBe('');
          expect(encoder.ended).toBe(true);
          expect(encoder.push({ type: 'keep-alive' })).toBe('');
          expect(encoder.end()).toBe('');
        });
      }
    }
  }

  it('gemini json-array: a stream that runs out at once is a one-element array', () => {
    const encoder = protocolFor('gemini').createStreamEncoder({ ...CLIENT, streamFraming: 'json-array' });
    const text = encoder.end();
    expect(text.startsWith('[')).toBe(true);
    expect(text.endsWith(']')).toBe(true);
    expect(JSON.parse(text)).toHaveLength(1);
  });
});

describe('createStreamDecoder: the same parts as decodeStream', () => {
  const anthropicEvents: SseEvent[] = [
    {
      event: 'message_start',
      data: JSON.stringify({
        type: 'message_start',
        message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 9, output_tokens: 1 } },
      }),
    },
    {
      event: 'content_block_start',
      data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    },
    { event: 'ping', data: '{"type":"ping"}' },
    {
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}',
    },
    { event: 'content_block_stop', data: '{"type":"content_block_stop","index":0}' },
    {
      event: 'message_delta',
      data: '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}',
    },
    { event: 'message_stop', data: '{"type":"message_stop"}' },
    { event: 'ping', data: '{"type":"ping"}' },
  ];
  const cases: [WireFormat, string, UpstreamExchange, SseEvent[]][] = [
    ['anthropic', 'a text answer', exchange('anthropic', 'claude'), anthropicEvents],
    ['anthropic', 'a cut stream', exchange('anthropic', 'claude'), anthropicEvents.slice(0, 4)],
    [
      'openai-chat',
      'tool calls',
      exchange('openai', 'gpt-4.1'),
      readChunkFixture('openai-chat-parallel-tool-calls.1.chunks.txt'),
    ],
    [
      'openai-chat',
      'reasoning and usage',
      exchange('openai', 'gpt-4.1'),
      readChunkFixture('openai-chat-reasoning-content.1.chunks.txt'),
    ],
    [
      'openai-chat',
      'a cut stream',
      exchange('openai', 'gpt-4.1'),
      readChunkFixture('openai-chat-text.1.chunks.txt', false).slice(0, 3),
    ],
    [
      'openai-responses',
      'a function call',
      exchange('openai', 'gpt-5'),
      readEventFixture('openai-responses-function-call.1.chunks.txt'),
    ],
    [
      'openai-responses',
      'a failed answer',
      exchange('openai', 'gpt-5'),
      readEventFixture('openai-responses-failed.1.chunks.txt'),
    ],
    [
      'gemini',
      'thoughts',
      exchange('gemini', 'gemini-2.5-flash'),
      readGeminiChunks('gemini-thoughts.1.chunks.txt'),
    ],
    [
      'gemini',
      'an error',
      exchange('gemini', 'gemini-2.5-flash'),
      readGeminiChunks('gemini-error.1.chunks.txt'),
    ],
  ];
  for (const [format, name, upstream, events] of cases) {
    it(`${format}: ${name}`, async () => {
      const protocol = protocolFor(format);
      const asyncWarnings: unknown[] = [];
      const syncWarnings: unknown[] = [];
      const expected = await collect(
        protocol.decodeStream(iterate(events), upstream, {
          onWarning: (warning) => asyncWarnings.push(warning),
        }),
      );
      const decoder = protocol.createStreamDecoder(upstream, {
        onWarning: (warning) => syncWarnings.push(warning),
      });
      const actual = decodeSync(decoder, events);
      expect(actual).toEqual(expected);
      expect(syncWarnings).toEqual(asyncWarnings);
      const last = actual[actual.length - 1];
      expect(last?.type === 'finish' || last?.type === 'error').toBe(true);
      expect(decoder.done).toBe(true);
      expect(decoder.end()).toEqual([]);
    });
  }
});

function exchange(providerId: string, model: string): UpstreamExchange {
  return { toolNames: new Map(), providerId, model };
}
