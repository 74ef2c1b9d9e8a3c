import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-upstream-secret-0001';
const INBOUND_KEY = 'sb-inbound-secret-0001';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: UPSTREAM_KEY, models: ['fake-large', 'fake-small'] });
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
claude-api-key:
  - name: fake
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}"
    count-tokens: true
    models:
      - name: fake-large
        alias: big
      - name: fake-small
model-routing:
  opus: fake/fake-large
  sonnet: fake/fake-large
  haiku: fake/fake-small
`,
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: INBOUND_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

const lastUpstreamBody = (): Record<string, unknown> =>
  upstream.requests.at(-1)?.body as Record<string, unknown>;

describe('Anthropic SDK → gateway → fake Anthropic upstream', () => {
  it('creates a message, rewriting the tier model', async () => {
    const message = await client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the fake upstream.' }]);
    expect(message.model).toBe('fake-large');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(lastUpstreamBody().model).toBe('fake-large');
    const headers = upstream.requests.at(-1)?.headers ?? {};
    expect(headers['x-api-key']).toBe(UPSTREAM_KEY);
    expect(JSON.stringify(headers)).not.toContain(INBOUND_KEY);
  });

  it('streams text deltas', async () => {
    upstream.enqueue({
      kind: 'message',
      content: [{ type: 'text', text: 'One two three four five six seven.' }],
    });
    const stream = client.messages.stream({
      model: 'big',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'count' }],
    });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('One two three four five six seven.');
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams a tool_use block with input_json_delta and completes the tool-result round trip', async () => {
    const input = { command: 'ls -la', description: 'List files', timeout: 1000 };
    upstream.enqueue({
      kind: 'message',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'toolu_01', name: 'Bash', input },
      ],
    });
    const tools: Anthropic.Tool[] = [
      {
        name: 'Bash',
        description: 'Run a command',
        input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
      },
    ];
    const jsonDeltas: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools,
      messages: [{ role: 'user', content: 'list files' }],
    });
    stream.on('inputJson', (partial) => jsonDeltas.push(partial));
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ id: 'toolu_01', name: 'Bash', input });
    expect(jsonDeltas.length).toBeGreaterThan(1);

    upstream.enqueue({ kind: 'message', content: [{ type: 'text', text: 'There are 3 files.' }] });
    const second = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'list files' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'a\nb\nc' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'There are 3 files.' }]);
    const sent = lastUpstreamBody().messages as { content: unknown }[];
    expect(sent[2]?.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'a\nb\nc' }]);
  });

  it('streams thinking with its signature before the text', async () => {
    const events: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-opus-4-8',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'think' }],
    });
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') events.push(event.delta.type);
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'Let me think.' });
    expect((final.content[0] as Anthropic.ThinkingBlock).signature.length).toBeGreaterThan(0);
    expect(final.content[1]).toMatchObject({ type: 'text' });
    expect(events.indexOf('signature_delta')).toBeGreaterThan(events.indexOf('thinking_delta'));
    expect(events.indexOf('signature_delta')).toBeLessThan(events.indexOf('text_delta'));
  });

  it('forwards count_tokens to an upstream that has it, then answers repeats from the cache', async () => {
    const params = { model: 'claude-haiku-4-5', messages: [{ role: 'user' as const, content: 'count me' }] };
    const first = await client.messages.countTokens(params).withResponse();
    expect(first.data.input_tokens).toBeGreaterThan(0);
    expect(first.response.headers.get('x-switchboard-token-count')).toBe('upstream');
    expect(lastUpstreamBody().model).toBe('fake-small');
    const second = await client.messages.countTokens(params).withResponse();
    expect(second.data.input_tokens).toBe(first.data.input_tokens);
    expect(second.response.headers.get('x-switchboard-token-count')).toBe('cached');
    expect(upstream.requests.filter((request) => request.path.includes('count_tokens'))).toHaveLength(1);
  });

  it('lists models in Anthropic shape, honouring limit', async () => {
    const page = await client.models.list({ limit: 1 });
    expect(page.data.map((model) => model.type)).toEqual(['model']);
    expect(page.has_more).toBe(true);
    const all: string[] = [];
    for await (const model of client.models.list()) all.push(model.id);
    expect(all).toEqual(['claude-via/fake/fake-large', 'claude-via/fake/fake-small']);
    const created = await client.messages.create({
      model: all[1] ?? '',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(created.model).toBe('fake-small');
  });
});
