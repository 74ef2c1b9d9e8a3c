import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeOpenAIChatUpstream,
  type FakeOpenAIChatUpstream,
} from '../upstream/fake-openai-chat-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-openai-upstream-secret-01';
const INBOUND_KEY = 'sb-inbound-secret-ao01';

let upstream: FakeOpenAIChatUpstream;
let gated: Server;
let releaseGate: () => void = () => undefined;
let lingering: Server;
/** The lingering upstream's answers whose body has not ended yet, and its connections so far. */
const lingeringState = { unended: [] as ServerResponse[], connections: 0 };
let gateway: TestGateway;
let client: Anthropic;

/**
 * The SSE event of one chat completion chunk (OpenAI API reference, "The chat completion chunk
 * object") of stream `id` from `model`: `delta` and `finish_reason` of choice 0.
 */
function chunkWriter(id: string, model: string) {
  return (delta: Record<string, unknown>, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/**
 * An OpenAI-format upstream that sends one content chunk, then waits for the test to release it
 * before finishing: a gateway that buffered the stream would never show the first delta early.
 */
async function startGatedUpstream(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = chunkWriter('chatcmpl-gate', 'gated-model');
    response.write(chunk({ role: 'assistant', content: 'first ' }));
    const gate = new Promise<void>((resolve) => (releaseGate = resolve));
    void gate.then(() => {
      response.write(chunk({ content: 'second' }));
      response.write(chunk({}, 'stop'));
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/**
 * An OpenAI-format upstream that sends its whole stream, `[DONE]` included, but ends the HTTP body
 * (the chunked encoding's last chunk) only when the test calls `end()` on it: as a real upstream
 * whose body's end comes in a later packet than its last event.
 */
async function startLingeringUpstream(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = chunkWriter('chatcmpl-linger', 'lingering-model');
    response.write(chunk({ role: 'assistant', content: 'all ' }));
    response.write(chunk({ content: 'said' }));
    response.write(chunk({}, 'stop'));
    response.write('data: [DONE]\n\n');
    lingeringState.unended.push(response);
  });
  server.on('connection', () => {
    lingeringState.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream({ apiKey: UPSTREAM_KEY });
  gated = await startGatedUpstream();
  lingering = await startLingeringUpstream();
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
openai-compatibility:
  - name: oai
    base-url: "${upstream.url}/v1"
    api-key-entries: [{ api-key: "${UPSTREAM_KEY}" }]
    models: [{ name: gpt-fake }, { name: reasoner-fake }]
  - name: gated
    base-url: "http://127.0.0.1:${(gated.address() as AddressInfo).port}/v1"
    models: [{ name: gated-model }]
  - name: lingering
    base-url: "http://127.0.0.1:${(lingering.address() as AddressInfo).port}/v1"
    models: [{ name: lingering-model }]
model-routing:
  opus: oai/gpt-fake
  sonnet: oai/gpt-fake
  haiku: oai/gpt-fake
`,
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: INBOUND_KEY, maxRetries: 0 });
});

afterAll(async () => {
  expect(gateway.logLines.join('\n')).not.toContain(UPSTREAM_KEY);
  await gateway.close();
  await upstream.close();
  gated.closeAllConnections();
  await new Promise<void>((resolve) => gated.close(() => resolve()));
  lingering.closeAllConnections();
  await new Promise<void>((resolve) => lingering.close(() => resolve()));
});

beforeEach(() => upstream.reset());

interface OpenAIBody {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
}
const sent = (): OpenAIBody => upstream.requests.at(-1)?.body as OpenAIBody;

describe('Anthropic SDK → gateway → OpenAI-chat upstream', () => {
  it('translates a non-streaming message both ways, keeping mid-conversation system messages', async () => {
    const message = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 300,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the fake OpenAI upstream.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const body = sent();
    expect(body.model).toBe('gpt-fake');
    expect(body.messages[0]).toMatchObject({ role: 'system' });
    expect(JSON.stringify(body.messages[0])).toContain('You are terse.');
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(upstream.requests.at(-1)?.headers['x-api-key']).toBeUndefined();
  });

  it('streams a tool call as input_json_delta and sends the tool_result back as a tool message', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'Checking.',
      toolCalls: [{ id: 'call_1', name: 'Bash', arguments: '{"command":"ls -la","description":"List"}' }],
      finishReason: 'tool_calls',
    });
    const tools: Anthropic.Tool[] = [
      {
        name: 'Bash',
        description: 'Run',
        input_schema: { type: 'object', properties: { command: { type: 'string' } } },
      },
    ];
    const jsonDeltas: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      tools,
      messages: [{ role: 'user', content: 'ls' }],
    });
    stream.on('inputJson', (partial) => jsonDeltas.push(partial));
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.find((block) => block.type === 'tool_use')).toMatchObject({
      id: 'call_1',
      name: 'Bash',
      input: { command: 'ls -la', description: 'List' },
    });
    expect(jsonDeltas.length).toBeGreaterThan(0);
    expect(sent().stream).toBe(true);
    expect(sent().stream_options?.include_usage).toBe(true);
    expect(sent().tools?.[0]).toMatchObject({ type: 'function', function: { name: 'Bash' } });

    upstream.enqueue({ kind: 'message', content: 'Three files.' });
    const second = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      tools,
      messages: [
        { role: 'user', content: 'ls' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'a\nb\nc' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Three files.' }]);
    const messages = sent().messages;
    const assistant = messages.find((entry) => entry.role === 'assistant');
    expect(assistant?.tool_calls).toHaveLength(1);
    expect(messages.find((entry) => entry.role === 'tool')).toMatchObject({
      tool_call_id: 'call_1',
      content: 'a\nb\nc',
    });
  });

  it('turns reasoning_content into a thinking block that closes before the text', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'The answer is 4.',
      reasoning: { text: 'Two plus two is four.', field: 'reasoning_content' },
    });
    const order: string[] = [];
    const stream = client.messages.stream({
      model: 'reasoner-fake',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: '2+2?' }],
    });
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start' || event.type === 'content_block_stop') order.push(event.type);
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'Two plus two is four.' });
    expect(final.content[1]).toMatchObject({ type: 'text', text: 'The answer is 4.' });
    expect(order).toEqual([
      'content_block_start',
      'content_block_stop',
      'content_block_start',
      'content_block_stop',
    ]);
  });

  it('splits <think> tags out of the content stream', async () => {
    upstream.enqueue({
      kind: 'message',
      content: 'Done.',
      reasoning: { text: 'Thinking inside tags.', field: 'think-tags' },
    });
    const final = await client.messages
      .stream({ model: 'gpt-fake', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'Thinking inside tags.' });
    expect(final.content.at(-1)).toMatchObject({ type: 'text', text: 'Done.' });
  });

  it('translates chunk by chunk: the first text delta arrives before the upstream finishes', async () => {
    const stream = client.messages.stream({
      model: 'gated-model',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'go' }],
    });
    const firstText = await new Promise<string>((resolve) => stream.once('text', (text) => resolve(text)));
    expect(firstText).toBe('first ');
    releaseGate();
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'first second' }]);
  });

  it('answers at the last event, and keeps the upstream connection when the body ends later', async () => {
    const ask = () =>
      client.messages
        .stream({ model: 'lingering-model', max_tokens: 50, messages: [{ role: 'user', content: 'go' }] })
        .finalMessage();
    // The client has its whole answer while the upstream's body has not ended yet.
    expect((await ask()).content).toEqual([{ type: 'text', text: 'all said' }]);
    const first = lingeringState.unended.shift();
    expect(first?.socket?.destroyed).toBe(false);
    first?.end();
    // 'close' instead when the gateway had dropped the connection.
    if (first !== undefined) await Promise.race([once(first, 'finish'), once(first, 'close')]);
    // A few turns of the loop: the gateway reads the body's end and its connection goes back to the pool.
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect((await ask()).content).toEqual([{ type: 'text', text: 'all said' }]);
    lingeringState.unended.shift()?.end();
    expect(lingeringState.connections).toBe(1);
  });

  it('degrades tool search for an OpenAI upstream: tool_reference results become text, defer_loading tools plain', async () => {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': INBOUND_KEY,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'gpt-fake',
        max_tokens: 100,
        tools: [
          {
            name: 'Bash',
            input_schema: { type: 'object' },
            defer_loading: true,
            cache_control: { type: 'ephemeral' },
          },
        ],
        context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
        messages: [
          { role: 'user', content: 'find a tool' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_ts', name: 'ToolSearch', input: { query: 'bash' } }],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_ts',
                content: [{ type: 'tool_reference', tool_name: 'Bash' }],
              },
            ],
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const body = sent();
    expect(body.messages.find((message) => message.role === 'tool')).toMatchObject({
      tool_call_id: 'toolu_ts',
    });
    expect(JSON.stringify(body.messages)).toContain('Tool reference: Bash');
    expect(JSON.stringify(body)).not.toContain('defer_loading');
    expect(JSON.stringify(body)).not.toContain('cache_control');
    expect(JSON.stringify(body)).not.toContain('context_management');
  });

  it('maps upstream errors to the Anthropic envelope with the same status', async () => {
    upstream.enqueue({
      kind: 'error',
      status: 429,
      message: 'Rate limit reached',
      headers: { 'retry-after': '3' },
    });
    const error = await client.messages
      .create({ model: 'gpt-fake', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as Error).message).toContain("Upstream 'oai' answered 429: Rate limit reached");
  });
});
