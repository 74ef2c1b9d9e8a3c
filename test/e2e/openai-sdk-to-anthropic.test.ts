import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-upstream-secret-oa01';
const INBOUND_KEY = 'sb-inbound-secret-oa01';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: UPSTREAM_KEY });
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
claude-api-key:
  - name: claude
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}"
    models: [{ name: claude-fake-4, alias: smart }]
`,
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: INBOUND_KEY, maxRetries: 0 });
});

afterAll(async () => {
  expect(gateway.logLines.join('\n')).not.toContain(UPSTREAM_KEY);
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

interface AnthropicBody {
  model: string;
  max_tokens: number;
  system?: unknown;
  messages: { role: string; content: unknown }[];
  tools?: { name: string; input_schema: unknown }[];
  tool_choice?: unknown;
  stop_sequences?: string[];
  metadata?: { user_id?: string };
}
const sent = (): AnthropicBody => upstream.requests.at(-1)?.body as AnthropicBody;

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('openai SDK → gateway → Anthropic upstream', () => {
  it('translates a non-streaming completion both ways', async () => {
    const completion = await client.chat.completions.create({
      model: 'smart',
      max_tokens: 200,
      stop: ['END'],
      user: 'user-7',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    const body = sent();
    expect(body.model).toBe('claude-fake-4');
    expect(body.max_tokens).toBe(200);
    expect(JSON.stringify(body.system)).toContain('Be brief.');
    expect(body.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(body.stop_sequences).toEqual(['END']);
    expect(body.metadata?.user_id).toBe('user-7');
    expect(upstream.requests.at(-1)?.headers['x-api-key']).toBe(UPSTREAM_KEY);
  });

  it('streams text chunk by chunk with a final usage chunk', async () => {
    upstream.enqueue({
      kind: 'message',
      content: [{ type: 'text', text: 'One two three four five six seven eight.' }],
    });
    const stream = await client.chat.completions.create({
      model: 'smart',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'count' }],
    });
    const deltas: string[] = [];
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('One two three four five six seven eight.');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(sent().max_tokens).toBeGreaterThan(0);
  });

  it('turns a tool_use into tool_calls and sends the tool result back as tool_result', async () => {
    upstream.enqueue({
      kind: 'message',
      content: [{ type: 'tool_use', id: 'toolu_w1', name: 'get_weather', input: { city: 'Paris' } }],
    });
    const runner = client.chat.completions.stream({
      model: 'smart',
      tools: [weatherTool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'weather in Paris?' }],
    });
    const first = await runner.finalChatCompletion();
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    expect(call?.id).toBe('toolu_w1');
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual({
      city: 'Paris',
    });
    expect(sent().tools?.[0]).toMatchObject({
      name: 'get_weather',
      input_schema: weatherTool.function.parameters,
    });
    expect(sent().tool_choice).toMatchObject({ type: 'any' });

    upstream.enqueue({ kind: 'message', content: [{ type: 'text', text: 'Sunny, 24 °C.' }] });
    const second = await client.chat.completions.create({
      model: 'smart',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: first.choices[0]?.message.tool_calls ?? [] },
        { role: 'tool', tool_call_id: 'toolu_w1', content: '{"temp": 24, "sky": "sunny"}' },
      ],
    });
    expect(second.choices[0]?.message.content).toBe('Sunny, 24 °C.');
    const messages = sent().messages;
    expect(messages[1]?.content).toEqual([
      { type: 'tool_use', id: 'toolu_w1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(messages[2]).toMatchObject({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_w1' }],
    });
    expect(JSON.stringify(messages[2]?.content)).toContain('sunny');
  });

  it('answers errors in the OpenAI envelope with the right status', async () => {
    const wrongKey = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(
      wrongKey.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const unknown = await client.chat.completions
      .create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).message).toContain('claude-fake-4');

    const raw = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INBOUND_KEY}` },
      body: '{"model":',
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');

    upstream.enqueue({ kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '9' } });
    const limited = await client.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).message).toContain(
      "Upstream 'claude' answered 429",
    );
  });
});
