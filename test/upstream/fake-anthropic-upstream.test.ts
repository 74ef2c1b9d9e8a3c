// The official @anthropic-ai/sdk client against the fake: if the SDK accepts and accumulates what the fake
// sends (JSON and streams, text, tool_use, thinking), the fake's shapes are the ones the SDK expects.
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLY_SIGNATURE,
  DEFAULT_REPLY_TEXT,
  DEFAULT_REPLY_THINKING,
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from './fake-anthropic-upstream.js';

const API_KEY = 'sk-ant-fake-key';
const MODEL = 'claude-fake-1';
const HELLO = { model: MODEL, max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hello' }] };
const TOOL_INPUT = {
  location: 'San Francisco, CA',
  unit: 'fahrenheit',
  days: [1, 2, 3],
  nested: { deep: true },
};

let upstream: FakeAnthropicUpstream;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({
    apiKey: API_KEY,
    models: ['claude-fake-1', 'claude-fake-2'],
  });
  client = new Anthropic({ baseURL: upstream.url, apiKey: API_KEY, maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('messages.create (JSON)', () => {
  it('returns the default text reply with the model echoed and usage counted', async () => {
    const message = await client.messages.create({ ...HELLO, model: 'claude-echo-me' });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-echo-me',
      content: [{ type: 'text', text: DEFAULT_REPLY_TEXT }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.id).toMatch(/^msg_fake_\d+$/);
    expect(message._request_id).toMatch(/^req_fake_\d+$/);
    const rawBody = upstream.requests[0]?.rawBody ?? '';
    expect(message.usage).toEqual({
      input_tokens: Math.ceil(rawBody.length / 4),
      output_tokens: Math.ceil(DEFAULT_REPLY_TEXT.length / 4),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it('returns a signed thinking block first when thinking is enabled', async () => {
    const message = await client.messages.create({
      ...HELLO,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const [thinking] = message.content;
    expect(thinking).toMatchObject({ type: 'thinking', thinking: DEFAULT_REPLY_THINKING });
    expect(thinking?.type === 'thinking' && thinking.signature.length > 0).toBe(true);
  });

  it('returns scripted tool_use blocks with stop_reason tool_use', async () => {
    upstream.enqueue({
      kind: 'message',
      content: [{ type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: TOOL_INPUT }],
    });
    const message = await client.messages.create(HELLO);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'toolu_fake_1', name: 'get_weather', input: TOOL_INPUT },
    ]);
  });
});

describe('messages.stream (SSE) and finalMessage()', () => {
  it('accumulates the default text reply', async () => {
    const stream = client.messages.stream(HELLO);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: DEFAULT_REPLY_TEXT }]);
    expect(texts.join('')).toBe(DEFAULT_REPLY_TEXT);
    expect(texts.length).toBe(Math.ceil(DEFAULT_REPLY_TEXT.length / 8));
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(Math.ceil(DEFAULT_REPLY_TEXT.length / 4));
  });

  it('accumulates tool_use input from input_json_delta pieces to the scripted object', async () => {
    upstream.enqueue({
      kind: 'message',
      content: [
        { type: 'text', text: "Okay, let's check the weather:" },
        { type: 'tool_use', id: 'toolu_fake_2', name: 'get_weather', input: TOOL_INPUT },
      ],
    });
    const message = await client.messages.stream(HELLO).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[1]).toEqual({
      type: 'tool_use',
      id: 'toolu_fake_2',
      name: 'get_weather',
      input: TOOL_INPUT,
    });
  });

  it('accumulates thinking with its signature, for enabled and adaptive thinking', async () => {
    for (const thinking of [{ type: 'enabled', budget_tokens: 1024 }, { type: 'adaptive' }] as const) {
      const message = await client.messages.stream({ ...HELLO, thinking }).finalMessage();
      expect(message.content[0]).toEqual({
        type: 'thinking',
        thinking: DEFAULT_REPLY_THINKING,
        signature: DEFAULT_REPLY_SIGNATURE,
      });
      expect(message.content[1]).toEqual({ type: 'text', text: DEFAULT_REPLY_TEXT });
    }
  });

  it('accumulates scripted redacted thinking, usage and stop sequence', async () => {
    upstream.enqueue({
      kind: 'message',
      content: [
        { type: 'redacted_thinking', data: 'opaque-data' },
        { type: 'text', text: 'Done' },
      ],
      stopReason: 'stop_sequence',
      stopSequence: 'END',
      usage: { input_tokens: 11, output_tokens: 22, cache_read_input_tokens: 33 },
    });
    const message = await client.messages.stream(HELLO).finalMessage();
    expect(message.content).toEqual([
      { type: 'redacted_thinking', data: 'opaque-data' },
      { type: 'text', text: 'Done' },
    ]);
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    expect(message.usage).toMatchObject({ input_tokens: 11, output_tokens: 22, cache_read_input_tokens: 33 });
  });

  it('surfaces a stream error event as an APIError of type overloaded_error', async () => {
    upstream.enqueue({
      kind: 'stream-fault',
      content: [{ type: 'text', text: 'Partial' }],
      afterEvents: 3,
      fault: 'error-event',
    });
    const failure = await client.messages
      .stream(HELLO)
      .finalMessage()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(APIError);
    expect(failure).toMatchObject({ type: 'overloaded_error' });
  });
});

describe('other endpoints and transports through the SDK', () => {
  it('counts tokens', async () => {
    const counted = await client.messages.countTokens({ model: MODEL, messages: HELLO.messages });
    const rawBody = upstream.requests[0]?.rawBody ?? '';
    expect(counted.input_tokens).toBe(Math.ceil(rawBody.length / 4));
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['claude-fake-1', 'claude-fake-2']);
  });

  it('accepts Authorization: Bearer and a base URL with a path prefix', async () => {
    const bearerClient = new Anthropic({
      baseURL: `${upstream.url}/anthropic`,
      authToken: API_KEY,
      apiKey: null,
      maxRetries: 0,
    });
    const message = await bearerClient.messages.create(HELLO);
    expect(message.content).toEqual([{ type: 'text', text: DEFAULT_REPLY_TEXT }]);
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', path: '/anthropic/v1/messages' });
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('raises the SDK error class of each scripted status', async () => {
    upstream.enqueue({ kind: 'error', status: 429, message: 'Slow down', headers: { 'retry-after': '7' } });
    const failure = await client.messages.create(HELLO).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.RateLimitError);
    expect(failure).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      requestID: expect.stringMatching(/^req_fake_/),
    });
    expect((failure as APIError).headers?.get('retry-after')).toBe('7');
  });

  it('rejects a wrong key with AuthenticationError', async () => {
    const wrongClient = new Anthropic({ baseURL: upstream.url, apiKey: 'sk-ant-wrong', maxRetries: 0 });
    await expect(wrongClient.messages.create(HELLO)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });
});
