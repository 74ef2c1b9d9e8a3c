import { CLAUDE_CODE_FIXTURES_DIR } from '../fixtures/claude-code-fixtures.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { parseSse } from '../upstream/read-sse.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const FIXTURES = CLAUDE_CODE_FIXTURES_DIR;
const UPSTREAM_KEY = 'sk-upstream-secret-fid1';
const INBOUND_KEY = 'sb-inbound-secret-fid1';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;
let claudeCodeBody: Record<string, unknown>;
let claudeCodeHeaders: Record<string, string>;

beforeAll(async () => {
  claudeCodeBody = JSON.parse(await readFile(path.join(FIXTURES, 'messages-request.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const captured = JSON.parse(
    await readFile(path.join(FIXTURES, 'messages-request-headers.json'), 'utf8'),
  ) as {
    headers: Record<string, string>;
  };
  const {
    host: _host,
    'content-length': _length,
    'x-api-key': _key,
    connection: _connection,
    ...rest
  } = captured.headers;
  claudeCodeHeaders = { ...rest, 'x-api-key': INBOUND_KEY };
  upstream = await startFakeAnthropicUpstream({ apiKey: UPSTREAM_KEY });
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
claude-api-key:
  - name: relay
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}"
    models: [{ name: relay-model }]
  - name: strict-relay
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}/anthropic"
    auth-style: bearer
    drop-betas: [context-1m-2025-08-07, effort-2025-11-24]
    models: [{ name: strict-model }]
  - name: no-betas
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}/v1"
    drop-betas: true
    models: [{ name: bare-model }]
  - name: same-name
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}"
model-routing:
  opus: relay/relay-model
`,
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

beforeEach(() => upstream.reset());

async function send(body: unknown, headers: Record<string, string> = claudeCodeHeaders): Promise<Response> {
  return fetch(`${gateway.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

describe('same-format pass-through', () => {
  it("Claude Code's real request arrives unchanged but for the model, unknown fields and blocks included", async () => {
    const messages = structuredClone(claudeCodeBody.messages) as { role: string; content: unknown }[];
    messages.push(
      { role: 'assistant', content: [{ type: 'text', text: 'Searching tools.' }] },
      {
        role: 'user',
        content: [
          { type: 'tool_reference', tool_name: 'Bash', future_field: { nested: [1, 2, 3] } },
          { type: 'text', text: 'go on', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      },
    );
    const sent = { ...claudeCodeBody, messages, some_future_field: { mode: 'x', values: [true, null, 1.5] } };
    const response = await send(sent);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await response.text()).map((event) => event.event);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');

    const received = upstream.requests.at(-1);
    expect(received?.path).toBe('/v1/messages?beta=true');
    expect(received?.body).toEqual({ ...sent, model: 'relay-model' });
    expect(Object.keys(received?.body as object)).toEqual(Object.keys(sent));
    expect(received?.headers['anthropic-beta']).toBe(claudeCodeHeaders['anthropic-beta']);
    expect(received?.headers['anthropic-version']).toBe('2023-06-01');
    expect(received?.headers['x-claude-code-session-id']).toBe(claudeCodeHeaders['x-claude-code-session-id']);
    expect(received?.headers['x-api-key']).toBe(UPSTREAM_KEY);
    expect(JSON.stringify(received?.headers)).not.toContain(INBOUND_KEY);
  });

  it('forwards the body byte for byte when the model name is unchanged', async () => {
    const raw = `{"model":"vendor-model-x",  "max_tokens": 10,"messages":[{"role":"user","content":"hi \\u00e9"}],"x":1}`;
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: claudeCodeHeaders,
      body: raw,
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)?.rawBody).toBe(raw);
  });

  it('drops listed betas and uses Bearer for an entry that asks for it, under a base path', async () => {
    const response = await send({ ...claudeCodeBody, model: 'strict-model', stream: false });
    expect(response.status).toBe(200);
    const received = upstream.requests.at(-1);
    expect(received?.path).toBe('/anthropic/v1/messages?beta=true');
    const betas = received?.headers['anthropic-beta']?.toString().split(',') ?? [];
    const expected = (claudeCodeHeaders['anthropic-beta'] ?? '')
      .split(',')
      .filter((beta) => beta !== 'context-1m-2025-08-07' && beta !== 'effort-2025-11-24');
    expect(betas).toEqual(expected);
    expect(received?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(received?.headers['x-api-key']).toBeUndefined();
  });

  it('drops every beta for an entry with drop-betas: true; a /v1 base takes /messages', async () => {
    const response = await send({ ...claudeCodeBody, model: 'bare-model', stream: false });
    expect(response.status).toBe(200);
    const received = upstream.requests.at(-1);
    expect(received?.path).toBe('/v1/messages?beta=true');
    expect(received?.headers['anthropic-beta']).toBeUndefined();
  });

  it('relays the upstream stream event for event, in order', async () => {
    // The same reply for both requests, so their event streams can be compared.
    const enqueueReply = (): void =>
      upstream.enqueue({
        kind: 'message',
        content: [
          { type: 'thinking', thinking: 'Weighing it up carefully.', signature: 'sig-abc' },
          { type: 'text', text: 'Here is a longer answer, streamed in many pieces.' },
          { type: 'tool_use', id: 'toolu_x', name: 'Read', input: { file_path: '/tmp/a.txt', limit: 10 } },
        ],
      });
    enqueueReply();
    const viaGateway = parseSse(await (await send({ ...claudeCodeBody })).text());
    enqueueReply();
    const direct = await fetch(`${upstream.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': UPSTREAM_KEY },
      body: JSON.stringify({ ...claudeCodeBody, model: 'relay-model' }),
    });
    const fromUpstream = parseSse(await direct.text());
    const withoutIds = (events: { event?: string; data: string }[]): string[] =>
      events.map((event) => `${event.event ?? ''} ${event.data.replace(/msg_fake_\d+/, 'msg')}`);
    expect(withoutIds(viaGateway)).toEqual(withoutIds(fromUpstream));
  });
});
