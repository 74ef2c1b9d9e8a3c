import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { Stream } from 'openai/core/streaming';
import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import { collect, iterate, parseSseText } from './__fixtures__/stream-test-support.js';
import { encodeOpenAIResponsesStream } from './encode-stream.js';

const USAGE: IrUsage = {
  inputTokens: 10,
  outputTokens: 5,
  cacheReadInputTokens: 90,
  cacheCreationInputTokens: 0,
};
const NOW = (): number => 1_700_000_000_123;

const FULL_STREAM: IrStreamPart[] = [
  { type: 'response-start', id: 'msg_01', model: 'claude-sonnet-4-5' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Think.' },
  { type: 'reasoning-signature', index: 0, signature: { provider: 'anthropic', value: 'sig' } },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Hello' },
  { type: 'text-delta', index: 1, text: ' world' },
  { type: 'text-end', index: 1 },
  { type: 'tool-input-start', index: 2, id: 'toolu_1', name: 'get_weather' },
  { type: 'tool-input-delta', index: 2, json: '{"city":' },
  { type: 'tool-input-delta', index: 2, json: '"Paris"}' },
  { type: 'tool-input-end', index: 2 },
  { type: 'usage', usage: { outputTokens: 3 } },
  { type: 'finish', finishReason: 'tool-use', usage: USAGE },
];

async function encode(parts: readonly IrStreamPart[]): Promise<string> {
  const client = { requestedModel: 'my-alias', includeUsage: true };
  return (await collect(encodeOpenAIResponsesStream(iterate(parts), client, { now: NOW }))).join('');
}

/** Reads SSE text with openai-node's own stream decoder and Responses accumulator. */
async function readWithSdk(
  text: string,
): Promise<{ events: ResponseStreamEvent[]; final: OpenAI.Responses.Response }> {
  const events: ResponseStreamEvent[] = [];
  const sse = Stream.fromSSEResponse<ResponseStreamEvent>(new Response(text), new AbortController());
  const stream = ResponseStream.fromReadableStream(sse.toReadableStream());
  stream.on('event', (event) => events.push(event));
  const final = await stream.finalResponse();
  return { events, final };
}

describe('encodeOpenAIResponsesStream', () => {
  it('writes events in the reference order, sequence_number from 0, each delta followed by its done', async () => {
    const events = parseSseText(await encode(FULL_STREAM));
    expect(events.map((event) => event.event)).toEqual([
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
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    events.forEach((event, index) => {
      expect(event.data.type).toBe(event.event);
      expect(event.data.sequence_number).toBe(index);
    });
    const created = events[0]?.data.response as Record<string, unknown>;
    expect(created).toMatchObject({
      id: 'resp_msg_01',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'in_progress',
      model: 'claude-sonnet-4-5',
      output: [],
      usage: null,
    });
    expect(events[10]?.data).toMatchObject({ output_index: 1, content_index: 0, delta: 'Hello' });
    expect(events[16]?.data).toMatchObject({ output_index: 2, delta: '{"city":' });
    expect(events[18]?.data).toMatchObject({ arguments: '{"city":"Paris"}', name: 'get_weather' });
    expect(events[2]?.data.item).toMatchObject({ type: 'reasoning', summary: [] });
    expect(String((events[2]?.data.item as { id: string }).id)).toMatch(/^rs_[0-9a-f]{32}$/);
    expect(String((events[8]?.data.item as { id: string }).id)).toMatch(/^msg_/);
    expect(String((events[15]?.data.item as { id: string }).id)).toMatch(/^fc_/);
  });

  it("is accepted by openai-node's Responses stream accumulator (ResponseStream.finalResponse)", async () => {
    const { events, final } = await readWithSdk(await encode(FULL_STREAM));
    expect(events).toHaveLength(21);
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Hello world');
    const [reasoning, message, call] = final.output;
    expect(reasoning).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Think.' }],
      encrypted_content: 'sb1.anthropic.sig',
    });
    expect(message).toMatchObject({
      type: 'message',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Hello world', annotations: [] }],
    });
    expect(call).toMatchObject({
      type: 'function_call',
      call_id: 'toolu_1',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(final.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 90 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 105,
    });
  });

  it('is accepted by the SDK client end to end (client.responses.stream over HTTP)', async () => {
    const text = await encode(FULL_STREAM);
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(text);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const client = new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
      const final = await client.responses.stream({ model: 'my-alias', input: 'Hi' }).finalResponse();
      expect(final.output_text).toBe('Hello world');
      expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    } finally {
      server.close();
    }
  });

  it('max-tokens ends with response.incomplete (incomplete_details.reason max_output_tokens)', async () => {
    const events = parseSseText(
      await encode([
        { type: 'response-start', id: 'resp_x', model: 'm' },
        { type: 'text-start', index: 0 },
        { type: 'text-delta', index: 0, text: 'Cut' },
        { type: 'text-end', index: 0 },
        { type: 'finish', finishReason: 'max-tokens', usage: USAGE },
      ]),
    );
    const last = events[events.length - 1];
    expect(last?.event).toBe('response.incomplete');
    expect(last?.data.response).toMatchObject({
      id: 'resp_x',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    });
    const { final } = await readWithSdk(
      events.map((event) => `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`).join(''),
    );
    expect(final.status).toBe('incomplete');
  });

  it('an error part → response.failed with {code, message}, and the SDK sees a failed response', async () => {
    const text = await encode([
      { type: 'response-start', id: 'resp_x', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hal' },
      { type: 'error', error: new GatewayError('rate_limited', 429, 'Upstream answered 429') },
    ]);
    const events = parseSseText(text);
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.failed',
    ]);
    expect(events[5]?.data.response).toMatchObject({
      status: 'failed',
      error: { code: 'rate_limit_exceeded', message: 'Upstream answered 429' },
    });
    const { final } = await readWithSdk(text);
    expect(final.status).toBe('failed');
    expect(final.error).toEqual({ code: 'rate_limit_exceeded', message: 'Upstream answered 429' });
  });

  it('a stream that ends without finish ends with response.failed (server_error)', async () => {
    const events = parseSseText(await encode([{ type: 'response-start', id: 'r', model: 'm' }]));
    expect(events[events.length - 1]?.data.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'The upstream stream ended before it finished.' },
    });
  });

  it('keep-alives are SSE comments; redacted reasoning and Responses opaque items are whole items', async () => {
    const text = await encode([
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'keep-alive' },
      { type: 'redacted-reasoning', index: 0, data: 'EmwKAhgB', provider: 'anthropic' },
      {
        type: 'opaque-block',
        index: 1,
        format: 'openai-responses',
        value: { id: 'ws_1', type: 'web_search_call', status: 'completed' },
      },
      { type: 'opaque-block', index: 2, format: 'anthropic', value: { type: 'server_tool_use' } },
      { type: 'finish', finishReason: 'end-turn', usage: USAGE },
    ]);
    expect(text).toContain(': keep-alive\n\n');
    const { final } = await readWithSdk(text);
    expect(final.output).toEqual([
      {
        id: expect.stringMatching(/^rs_/) as unknown,
        type: 'reasoning',
        summary: [],
        encrypted_content: 'sbr1.anthropic.EmwKAhgB',
      },
      { id: 'ws_1', type: 'web_search_call', status: 'completed' },
    ]);
  });
});
