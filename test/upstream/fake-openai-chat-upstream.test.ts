// The official openai SDK against the fake: if the SDK accepts and accumulates what the fake sends (JSON,
// chunk streams, tool calls, usage), the fake's shapes are the ones the SDK expects.
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_OPENAI_CHAT_REPLY_TEXT,
  startFakeOpenAIChatUpstream,
  type FakeOpenAIChatUpstream,
} from './fake-openai-chat-upstream.js';

const API_KEY = 'sk-fake-openai-key';
const HELLO = { model: 'gpt-fake-1', messages: [{ role: 'user' as const, content: 'Hello' }] };
const WEATHER_ARGUMENTS = '{"location":"Paris, France","unit":"celsius","days":[1,2,3]}';
const MALFORMED_ARGUMENTS = '{"query": "unterminated';

let upstream: FakeOpenAIChatUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream({ apiKey: API_KEY, models: ['gpt-fake-1', 'gpt-fake-2'] });
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('chat.completions.create (JSON)', () => {
  it('returns the default reply with the model echoed and usage counted', async () => {
    const completion = await client.chat.completions.create({ ...HELLO, model: 'gpt-echo-me' });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-echo-me',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: DEFAULT_OPENAI_CHAT_REPLY_TEXT, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-fake-\d+$/);
    expect(completion._request_id).toMatch(/^req_fake_\d+$/);
    const promptTokens = Math.ceil((upstream.requests[0]?.rawBody ?? '').length / 4);
    const completionTokens = Math.ceil(DEFAULT_OPENAI_CHAT_REPLY_TEXT.length / 4);
    expect(completion.usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
  });

  it('returns scripted tool calls verbatim, content null, finish_reason tool_calls', async () => {
    upstream.enqueue({
      kind: 'message',
      toolCalls: [
        { id: 'call_weather', name: 'get_weather', arguments: WEATHER_ARGUMENTS },
        { name: 'search', arguments: MALFORMED_ARGUMENTS },
      ],
    });
    const completion = await client.chat.completions.create(HELLO);
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      {
        id: 'call_weather',
        type: 'function',
        function: { name: 'get_weather', arguments: WEATHER_ARGUMENTS },
      },
      {
        id: expect.stringMatching(/^call_fake_\d+_1$/) as unknown,
        type: 'function',
        function: { name: 'search', arguments: MALFORMED_ARGUMENTS },
      },
    ]);
  });

  it('applies scripted finish reason and usage overrides', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'Cut',
      finishReason: 'length',
      usage: { prompt_tokens: 100, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 64 } },
    });
    const completion = await client.chat.completions.create(HELLO);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 7,
      total_tokens: 107,
      prompt_tokens_details: { cached_tokens: 64 },
    });
  });
});

describe('chat.completions.create with stream: true', () => {
  it('yields content chunks of chunkSize characters, then the usage chunk when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      ...HELLO,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const texts = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? ''));
    expect(texts.join('')).toBe(DEFAULT_OPENAI_CHAT_REPLY_TEXT);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.at(-2)?.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBe(Math.ceil(DEFAULT_OPENAI_CHAT_REPLY_TEXT.length / 4));
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const contentChunks = chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? '') !== '');
    expect(contentChunks).toHaveLength(Math.ceil(DEFAULT_OPENAI_CHAT_REPLY_TEXT.length / 8));
  });

  it('sends no usage at all without stream_options.include_usage', async () => {
    const stream = await client.chat.completions.create({ ...HELLO, stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('chat.completions.stream() and finalChatCompletion()', () => {
  it('accumulates parallel tool calls whose arguments equal the scripted strings, and the usage', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'Let me check.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: WEATHER_ARGUMENTS },
        { id: 'call_b', name: 'search', arguments: MALFORMED_ARGUMENTS },
      ],
    });
    const stream = client.chat.completions.stream({ ...HELLO, stream_options: { include_usage: true } });
    const argumentDeltas: string[] = [];
    stream.on('tool_calls.function.arguments.delta', (event) => argumentDeltas.push(event.arguments_delta));
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message?.content).toBe('Let me check.');
    expect(message?.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: WEATHER_ARGUMENTS } },
      { id: 'call_b', type: 'function', function: { name: 'search', arguments: MALFORMED_ARGUMENTS } },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(argumentDeltas.join('')).toBe(`${WEATHER_ARGUMENTS}${MALFORMED_ARGUMENTS}`);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('accumulates the default reply and emits content deltas', async () => {
    const stream = client.chat.completions.stream(HELLO);
    const deltas: string[] = [];
    stream.on('content.delta', (event) => deltas.push(event.delta));
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_OPENAI_CHAT_REPLY_TEXT);
    expect(deltas.join('')).toBe(DEFAULT_OPENAI_CHAT_REPLY_TEXT);
  });
});

describe('base URLs and models', () => {
  it.each(['/v1', '/openai/v1', '/api/v1'])('serves chat completions under %s', async (prefix) => {
    const prefixed = new OpenAI({ baseURL: `${upstream.url}${prefix}`, apiKey: API_KEY, maxRetries: 0 });
    const completion = await prefixed.chat.completions.create(HELLO);
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_OPENAI_CHAT_REPLY_TEXT);
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', path: `${prefix}/chat/completions` });
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('lists the configured models', async () => {
    const models: OpenAI.Models.Model[] = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => model.id)).toEqual(['gpt-fake-1', 'gpt-fake-2']);
    expect(models[0]).toEqual({
      id: 'gpt-fake-1',
      object: 'model',
      created: 1686935002,
      owned_by: 'organization-owner',
    });
  });
});
