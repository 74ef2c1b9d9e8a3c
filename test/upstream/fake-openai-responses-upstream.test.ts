// The official openai SDK against the fake Responses upstream: if the SDK accepts and accumulates what the fake
// sends (response objects, event streams, function calls, reasoning items, usage), the fake's shapes are the
// ones the SDK expects.
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_OPENAI_RESPONSES_REASONING_SUMMARY,
  DEFAULT_OPENAI_RESPONSES_REPLY_TEXT,
  startFakeOpenAIResponsesUpstream,
  type FakeOpenAIResponsesUpstream,
} from './fake-openai-responses-upstream.js';

const API_KEY = 'sk-fake-openai-key';
const HELLO = { model: 'gpt-fake-1', input: 'Hello' };
const WEATHER_ARGUMENTS = '{"location":"Paris, France","unit":"celsius","days":[1,2,3]}';
const MALFORMED_ARGUMENTS = '{"query": "unterminated';
const SUMMARY = '**Checking the weather**\n\nThe user wants Paris; call get_weather.';

let upstream: FakeOpenAIResponsesUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIResponsesUpstream({
    apiKey: API_KEY,
    models: ['gpt-fake-1', 'gpt-fake-2'],
  });
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('responses.create (JSON)', () => {
  it('returns the default reply as one message, the model echoed and usage counted', async () => {
    const response = await client.responses.create({ ...HELLO, model: 'gpt-echo-me' });
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-echo-me',
      error: null,
      incomplete_details: null,
      output_text: DEFAULT_OPENAI_RESPONSES_REPLY_TEXT,
    });
    expect(response.id).toMatch(/^resp_fake_\d+$/);
    expect(response._request_id).toMatch(/^req_fake_\d+$/);
    expect(response.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_fake_\d+$/) as unknown,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: DEFAULT_OPENAI_RESPONSES_REPLY_TEXT, annotations: [] }],
      },
    ]);
    const inputTokens = Math.ceil((upstream.requests[0]?.rawBody ?? '').length / 4);
    const outputTokens = Math.ceil(DEFAULT_OPENAI_RESPONSES_REPLY_TEXT.length / 4);
    expect(response.usage).toEqual({
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    });
  });

  it('returns scripted function calls verbatim after the text, with default call ids', async () => {
    upstream.enqueue({
      kind: 'message',
      text: 'Let me check.',
      functionCalls: [
        { callId: 'call_weather', name: 'get_weather', arguments: WEATHER_ARGUMENTS },
        { name: 'search', arguments: MALFORMED_ARGUMENTS },
      ],
    });
    const response = await client.responses.create(HELLO);
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(response.output.slice(1)).toEqual([
      {
        type: 'function_call',
        id: expect.stringMatching(/^fc_fake_\d+_0$/) as unknown,
        call_id: 'call_weather',
        name: 'get_weather',
        arguments: WEATHER_ARGUMENTS,
        status: 'completed',
      },
      expect.objectContaining({
        call_id: expect.stringMatching(/^call_fake_\d+_1$/) as unknown,
        arguments: MALFORMED_ARGUMENTS,
      }),
    ]);
    expect(response.output_text).toBe('Let me check.');
  });

  it('sends no message item when there are only function calls', async () => {
    upstream.enqueue({ kind: 'message', functionCalls: [{ name: 'get_weather', arguments: '{}' }] });
    const response = await client.responses.create(HELLO);
    expect(response.output.map((item) => item.type)).toEqual(['function_call']);
    expect(response.output_text).toBe('');
  });

  it('adds a reasoning item with summary and encrypted_content by default when the request asks for it', async () => {
    const response = await client.responses.create({
      ...HELLO,
      reasoning: { effort: 'low', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    const [reasoning, message] = response.output;
    expect(reasoning).toEqual({
      id: expect.stringMatching(/^rs_fake_\d+$/) as unknown,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: DEFAULT_OPENAI_RESPONSES_REASONING_SUMMARY }],
      encrypted_content: expect.stringMatching(/^gAAAAA\S+$/) as unknown,
    });
    expect(message?.type).toBe('message');
    expect(response).toMatchObject({ store: false, reasoning: { effort: 'low', summary: 'auto' } });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(
      Math.ceil(DEFAULT_OPENAI_RESPONSES_REASONING_SUMMARY.length / 4),
    );
    const plain = await client.responses.create({ ...HELLO, reasoning: { effort: 'low' } });
    expect(plain.output.map((item) => item.type)).toEqual(['message']);
  });

  it('sends encrypted_content only when scripted or asked for, and an empty summary as []', async () => {
    upstream.enqueue(
      { kind: 'message', text: 'A', reasoning: { summary: SUMMARY } },
      { kind: 'message', text: 'B', reasoning: { summary: '', encryptedContent: 'gAAAAABscripted' } },
    );
    const unasked = await client.responses.create(HELLO);
    expect(unasked.output[0]).toEqual({
      id: expect.any(String) as unknown,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: SUMMARY }],
    });
    const scripted = await client.responses.create(HELLO);
    expect(scripted.output[0]).toMatchObject({ summary: [], encrypted_content: 'gAAAAABscripted' });
  });

  it('marks a max_output_tokens stop as incomplete and applies usage overrides', async () => {
    upstream.enqueue({
      kind: 'message',
      text: 'Cut',
      incomplete: true,
      usage: { input_tokens: 100, output_tokens: 7, input_tokens_details: { cached_tokens: 64 } },
    });
    const response = await client.responses.create({ ...HELLO, max_output_tokens: 16 });
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      max_output_tokens: 16,
      output: [{ type: 'message', status: 'incomplete' }],
      usage: {
        input_tokens: 100,
        output_tokens: 7,
        total_tokens: 107,
        input_tokens_details: { cached_tokens: 64 },
      },
    });
  });

  it('echoes the request fields the response object repeats', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: {}, strict: true }];
    const response = await client.responses.create({
      ...HELLO,
      instructions: 'Be brief.',
      tools,
      tool_choice: 'required',
      temperature: 0.2,
      metadata: { run: '7' },
    });
    expect(response).toMatchObject({
      instructions: 'Be brief.',
      tools,
      tool_choice: 'required',
      temperature: 0.2,
      top_p: 1,
      metadata: { run: '7' },
      parallel_tool_calls: true,
      truncation: 'disabled',
    });
  });
});

describe('streaming', () => {
  it('responses.stream(): finalResponse() accumulates reasoning, text and function calls; deltas add up', async () => {
    const reply = {
      kind: 'message' as const,
      text: 'Checking the weather.',
      reasoning: { summary: SUMMARY, encryptedContent: 'gAAAAABstreamed' },
      functionCalls: [{ callId: 'call_a', name: 'get_weather', arguments: WEATHER_ARGUMENTS }],
    };
    upstream.enqueue(reply, reply);
    const expected = await client.responses.create(HELLO);
    const stream = client.responses.stream(HELLO);
    const textDeltas: string[] = [];
    const argumentDeltas: string[] = [];
    stream.on('response.output_text.delta', (event) => textDeltas.push(event.delta));
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Checking the weather.');
    expect(textDeltas.join('')).toBe('Checking the weather.');
    expect(argumentDeltas.join('')).toBe(WEATHER_ARGUMENTS);
    // the SDK's parser adds `parsed` / `parsed_arguments`, so compare the wire fields only
    expect(final.output).toMatchObject(
      expected.output.map((item) => ({ ...item, id: expect.any(String) as unknown })),
    );
    const streamedBody = upstream.requests[1]?.rawBody ?? '';
    expect(streamedBody).toContain('"stream":true');
    expect(final.usage).toEqual({
      ...expected.usage,
      input_tokens: Math.ceil(streamedBody.length / 4),
      total_tokens: Math.ceil(streamedBody.length / 4) + (expected.usage?.output_tokens ?? 0),
    });
    expect(final.status).toBe('completed');
  });

  it('for await yields the events in the reference order, sequence_number 0, 1, 2, …', async () => {
    upstream.enqueue({
      kind: 'message',
      text: 'Hi there!',
      reasoning: { summary: SUMMARY },
      functionCalls: [{ name: 'get_weather', arguments: WEATHER_ARGUMENTS }],
    });
    const events: ResponseStreamEvent[] = [];
    for await (const event of client.responses.stream(HELLO)) events.push(event);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(collapse(events.map((event) => event.type))).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const textDeltas = events.filter((event) => event.type === 'response.output_text.delta');
    expect(textDeltas).toHaveLength(Math.ceil('Hi there!'.length / 8));
  });

  it('responses.create({stream: true}) ends an incomplete response with response.incomplete', async () => {
    upstream.enqueue({ kind: 'message', text: 'Cut short', incomplete: true });
    const stream = await client.responses.create({ ...HELLO, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const last = events.at(-1);
    expect(last?.type).toBe('response.incomplete');
    if (last?.type !== 'response.incomplete') return;
    expect(last.response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    expect(events.some((event) => event.type === 'response.completed')).toBe(false);
  });
});

describe('base URLs and models', () => {
  it.each(['/v1', '/openai/v1', '/api/v1'])('serves responses under %s', async (prefix) => {
    const prefixed = new OpenAI({ baseURL: `${upstream.url}${prefix}`, apiKey: API_KEY, maxRetries: 0 });
    const response = await prefixed.responses.create(HELLO);
    expect(response.output_text).toBe(DEFAULT_OPENAI_RESPONSES_REPLY_TEXT);
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', path: `${prefix}/responses` });
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('lists the configured models', async () => {
    const models: OpenAI.Models.Model[] = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => model.id)).toEqual(['gpt-fake-1', 'gpt-fake-2']);
  });
});

function collapse(types: readonly string[]): string[] {
  return types.filter((type, index) => type !== types[index - 1]);
}
