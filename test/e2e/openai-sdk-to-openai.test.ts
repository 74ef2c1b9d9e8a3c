import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeOpenAIChatUpstream,
  type FakeOpenAIChatUpstream,
} from '../upstream/fake-openai-chat-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-openai-upstream-secret-oo1';

let upstream: FakeOpenAIChatUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream({ apiKey: UPSTREAM_KEY });
  gateway = await startTestGateway({
    yaml: '',
    env: { GROQ_API_KEY: UPSTREAM_KEY, GROQ_BASE_URL: `${upstream.url}/openai/v1` },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'any', maxRetries: 0 });
});

afterAll(async () => {
  expect(gateway.logLines.join('\n')).not.toContain(UPSTREAM_KEY);
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

describe('openai SDK → gateway → OpenAI-chat upstream (env-configured Groq)', () => {
  it('passes a request through the IR both ways, keeping its fields', async () => {
    const completion = await client.chat.completions.create({
      model: 'groq/llama-4-scout',
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 64,
      stop: ['###'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'Hi.' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake OpenAI upstream.');
    const sent = upstream.requests.at(-1)?.body as Record<string, unknown>;
    expect(upstream.requests.at(-1)?.path).toBe('/openai/v1/chat/completions');
    expect(sent).toMatchObject({
      model: 'llama-4-scout',
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 64,
      stop: ['###'],
    });
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'Hi.' },
      { role: 'user', content: 'again' },
    ]);
  });

  it('streams content and parallel tool calls back as chat.completion.chunk events', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'Looking both up.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      finishReason: 'tool_calls',
    });
    const stream = client.chat.completions.stream({
      model: 'groq/llama-4-scout',
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      messages: [{ role: 'user', content: 'weather in Paris and Rome' }],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls.map((call) => (call.type === 'function' ? [call.id, call.function.arguments] : []))).toEqual(
      [
        ['call_a', '{"city":"Paris"}'],
        ['call_b', '{"city":"Rome"}'],
      ],
    );
    expect(final.choices[0]?.message.content).toBe('Looking both up.');
    expect(final.usage?.prompt_tokens).toBeGreaterThan(0);
  });
});
