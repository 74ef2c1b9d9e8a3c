import { APIError } from 'openai/core/error';
import { Stream } from 'openai/core/streaming';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import type { ClientExchange } from '../protocol.js';
import { encodeOpenAIChatStream } from './encode-stream.js';

const USAGE: IrUsage = {
  inputTokens: 10,
  outputTokens: 5,
  cacheReadInputTokens: 90,
  cacheCreationInputTokens: 0,
};
const NOW = (): number => 1_700_000_000_123;

async function encode(parts: readonly IrStreamPart[], includeUsage = false): Promise<string[]> {
  async function* source(): AsyncGenerator<IrStreamPart> {
    yield* parts;
  }
  const client: ClientExchange = { requestedModel: 'my-alias', includeUsage };
  const out: string[] = [];
  for await (const text of encodeOpenAIChatStream(source(), client, { now: NOW })) out.push(text);
  return out;
}

function dataOf(event: string): unknown {
  expect(event.startsWith('data: ')).toBe(true);
  expect(event.endsWith('\n\n')).toBe(true);
  return JSON.parse(event.slice(6, -2)) as unknown;
}

/** Parses the encoder's SSE text with openai-node, as an OpenAI SDK client would. */
async function readWithSdk(text: string): Promise<ChatCompletionChunk[]> {
  const stream = Stream.fromSSEResponse<ChatCompletionChunk>(new Response(text), new AbortController());
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const TEXT_STREAM: IrStreamPart[] = [
  { type: 'response-start', id: 'msg_01', model: 'claude-sonnet-4-5' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Think.' },
  { type: 'reasoning-signature', index: 0, signature: { provider: 'anthropic', value: 'sig' } },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Hello' },
  { type: 'text-delta', index: 1, text: ' world' },
  { type: 'text-end', index: 1 },
  { type: 'usage', usage: { outputTokens: 3 } },
  { type: 'finish', finishReason: 'end-turn', usage: USAGE },
];

describe('encodeOpenAIChatStream', () => {
  it('writes chunks in the reference shape, then [DONE]', async () => {
    const events = (await encode(TEXT_STREAM)).join('').split(/(?<=\n\n)/);
    const base = {
      id: 'chatcmpl-msg_01',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5',
    };
    const choice = (delta: object, finishReason: string | null = null): object => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
    expect(events.slice(0, -1).map(dataOf)).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ reasoning_content: 'Think.' }),
      choice({ content: 'Hello' }),
      choice({ content: ' world' }),
      choice({}, 'stop'),
    ]);
    expect(events[events.length - 1]).toBe('data: [DONE]\n\n');
  });

  it('with include_usage: usage null on every chunk, then a usage chunk with empty choices', async () => {
    const events = (await encode(TEXT_STREAM, true)).join('');
    const chunks = await readWithSdk(events);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks[chunks.length - 1]).toEqual({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5',
      choices: [],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 5,
        total_tokens: 105,
        prompt_tokens_details: { cached_tokens: 90 },
      },
    });
  });

  it('streams tool calls numbered from 0 that openai-node assembles', async () => {
    const parts: IrStreamPart[] = [
      { type: 'response-start', id: 'chatcmpl-x', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Checking.' },
      { type: 'text-end', index: 0 },
      { type: 'tool-input-start', index: 1, id: 'toolu_1', name: 'get_weather' },
      { type: 'tool-input-delta', index: 1, json: '{"city":' },
      { type: 'tool-input-delta', index: 1, json: '"Paris"}' },
      { type: 'tool-input-end', index: 1 },
      { type: 'tool-input-start', index: 2, id: 'toolu_2', name: 'mcp.fs.read' },
      { type: 'tool-input-delta', index: 2, json: '{}' },
      { type: 'tool-input-end', index: 2 },
      { type: 'finish', finishReason: 'tool-use', usage: USAGE },
    ];
    const text = (await encode(parts, true)).join('');
    const sse = new Response(text);
    const jsonLines = Stream.fromSSEResponse(sse, new AbortController()).toReadableStream();
    const completion = await ChatCompletionStream.fromReadableStream(jsonLines).finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Checking.');
    expect(choice?.message.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'mcp.fs.read', arguments: '{}' } },
    ]);
    expect(completion.id).toBe('chatcmpl-x');
    const first = dataOf(text.split('\n\n')[2] + '\n\n');
    expect(first).toMatchObject({
      choices: [
        {
          delta: {
            tool_calls: [
              { index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
            ],
          },
        },
      ],
    });
  });

  it('an error part becomes an error event openai-node raises, without [DONE]', async () => {
    const events = await encode([
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'par' },
      { type: 'error', error: new GatewayError('overloaded', 529, 'Upstream is overloaded') },
      { type: 'text-delta', index: 0, text: 'never sent' },
    ]);
    expect(events).toHaveLength(3);
    expect(dataOf(events[2] ?? '')).toEqual({
      error: { message: 'Upstream is overloaded', type: 'server_error', param: null, code: 'overloaded' },
    });
    expect(events.join('')).not.toContain('[DONE]');
    await expect(readWithSdk(events.join(''))).rejects.toBeInstanceOf(APIError);
  });

  it('a stream that ends without finish ends with an error event', async () => {
    const events = await encode([{ type: 'response-start', id: 'r', model: 'm' }]);
    expect(dataOf(events[events.length - 1] ?? '')).toMatchObject({ error: { type: 'server_error' } });
  });

  it('keep-alive becomes an SSE comment; opaque and redacted parts send nothing', async () => {
    const events = await encode([
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'keep-alive' },
      { type: 'redacted-reasoning', index: 0, data: 'x', provider: 'anthropic' },
      { type: 'opaque-block', index: 1, format: 'anthropic', value: { type: 'server_tool_use' } },
      { type: 'finish', finishReason: 'max-tokens', usage: USAGE },
    ]);
    expect(events[1]).toBe(': keep-alive\n\n');
    expect(events).toHaveLength(3);
    expect(dataOf(events[2]?.split('\n\n')[0] + '\n\n')).toMatchObject({
      choices: [{ finish_reason: 'length' }],
    });
  });
});
