import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { parseSseJson } from '../upstream/read-sse.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const UPSTREAM_KEY = 'sk-upstream-secret-0002';
/** Cooldown overrides that turn every cooldown off. */
const NO_COOLDOWN =
  '{ rate-limited-base-seconds: 0, rate-limited-max-seconds: 0, retry-hint-max-seconds: 0, blocked-seconds: 0, model-unavailable-seconds: 0, upstream-seconds: 0 }';
const INBOUND_KEY = 'sb-inbound-secret-0002';

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;
let client: Anthropic;
let refusedPort: number;
let slow: Server;
let slowUpstreamClosed: Promise<void>;

/** An upstream that sends message_start and then nothing, recording when its client hangs up. */
async function startSlowUpstream(): Promise<Server> {
  let signalClosed: () => void = () => undefined;
  slowUpstreamClosed = new Promise((resolve) => (signalClosed = resolve));
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const message = {
      id: 'msg_slow',
      type: 'message',
      role: 'assistant',
      model: 'slow-model',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 0 },
    };
    response.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n`);
    response.on('close', () => signalClosed());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: UPSTREAM_KEY, countTokens: true });
  refusedPort = await closedPort();
  slow = await startSlowUpstream();
  gateway = await startTestGateway({
    yaml: `
api-keys: ["${INBOUND_KEY}"]
request-retry: 0
body-limit-mb: 1
# Error pass-through is tested one failure after another on the same upstreams: no cooldowns here
# (credential-pools.test.ts covers them).
claude-api-key:
  - name: fake
    api-key: "${UPSTREAM_KEY}"
    base-url: "${upstream.url}"
    count-tokens: true
    models: [{ name: fake-model }]
    cooldown: ${NO_COOLDOWN}
  - name: local
    base-url: "${upstream.url}/v1"
    api-key: "${UPSTREAM_KEY}"
    models: [{ name: local-model }]
    cooldown: ${NO_COOLDOWN}
  - name: down
    base-url: "http://127.0.0.1:${refusedPort}"
    models: [{ name: down-model }]
    cooldown: ${NO_COOLDOWN}
  - name: slowhost
    base-url: "http://127.0.0.1:${(slow.address() as AddressInfo).port}"
    models: [{ name: slow-model }]
`,
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: INBOUND_KEY, maxRetries: 0 });
});

afterAll(async () => {
  const everything = gateway.logLines.join('\n');
  expect(everything).not.toContain(UPSTREAM_KEY);
  expect(everything).not.toContain(INBOUND_KEY);
  await gateway.close();
  await upstream.close();
  slow.closeAllConnections();
  await new Promise<void>((resolve) => slow.close(() => resolve()));
});

beforeEach(() => upstream.reset());

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': INBOUND_KEY, ...headers },
    body,
  });
}

async function expectEnvelope(response: Response, status: number, type: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { type: string; error: { type: string; message: string } };
  expect(body.type).toBe('error');
  expect(body.error.type).toBe(type);
  expect(JSON.stringify(body)).not.toContain(UPSTREAM_KEY);
  return body.error.message;
}

const minimal = { model: 'fake-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

describe('error rows answer in Anthropic envelope', () => {
  it('malformed JSON → 400 invalid_request_error', async () => {
    const message = await expectEnvelope(
      await post('/v1/messages', '{"model": '),
      400,
      'invalid_request_error',
    );
    expect(message).toMatch(/not valid JSON/);
  });

  it('a body that is not a Messages request → 400 naming the field', async () => {
    const { max_tokens: _dropped, ...withoutMaxTokens } = minimal;
    const message = await expectEnvelope(
      await post('/v1/messages', JSON.stringify(withoutMaxTokens)),
      400,
      'invalid_request_error',
    );
    expect(message).toContain('max_tokens');
    const badRole = { ...minimal, messages: [{ role: 'robot', content: 'x' }] };
    expect(
      await expectEnvelope(await post('/v1/messages', JSON.stringify(badRole)), 400, 'invalid_request_error'),
    ).toContain('messages.0.role');
  });

  it('missing or wrong inbound key → 401 authentication_error, through the SDK too', async () => {
    await expectEnvelope(
      await post('/v1/messages', JSON.stringify(minimal), { 'x-api-key': '' }),
      401,
      'authentication_error',
    );
    await expectEnvelope(
      await post('/v1/messages', JSON.stringify(minimal), { 'x-api-key': 'wrong' }),
      401,
      'authentication_error',
    );
    const wrong = new Anthropic({ baseURL: gateway.url, apiKey: 'wrong-key', maxRetries: 0 });
    await expect(
      wrong.messages.create({ ...minimal, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    expect(upstream.requests).toHaveLength(0);
  });

  it('accepts the key as Authorization: Bearer and anthropic-auth-token', async () => {
    const viaBearer = await post('/v1/messages', JSON.stringify(minimal), {
      'x-api-key': '',
      authorization: `Bearer ${INBOUND_KEY}`,
    });
    expect(viaBearer.status).toBe(200);
    const viaToken = await post('/v1/messages', JSON.stringify(minimal), {
      'x-api-key': '',
      'anthropic-auth-token': INBOUND_KEY,
    });
    expect(viaToken.status).toBe(200);
  });

  it('KEY:upstream/model pins the model for the request; only KEY is checked', async () => {
    const pinned = new Anthropic({
      baseURL: gateway.url,
      authToken: `${INBOUND_KEY}:local/local-model`,
      apiKey: null,
      maxRetries: 0,
    });
    const message = await pinned.messages.create({
      ...minimal,
      model: 'claude-opus-4-8',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.model).toBe('local-model');
    expect(upstream.requests.at(-1)?.path).toBe('/v1/messages');
    const badKey = await post('/v1/messages', JSON.stringify(minimal), {
      'x-api-key': 'nope:local/local-model',
    });
    expect(badKey.status).toBe(401);
  });

  it('unknown model → 404 not_found_error listing the models that resolve', async () => {
    const message = await expectEnvelope(
      await post('/v1/messages', JSON.stringify({ ...minimal, model: 'gpt-nope' })),
      404,
      'not_found_error',
    );
    expect(message).toContain("'gpt-nope'");
    expect(message).toContain('fake-model');
    expect(message).toContain('local-model');
  });

  it('body over the limit → 413 request_too_large', async () => {
    const huge = JSON.stringify({ ...minimal, messages: [{ role: 'user', content: 'x'.repeat(1_200_000) }] });
    await expectEnvelope(await post('/v1/messages', huge), 413, 'request_too_large');
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    [400, 'invalid_request_error'],
    [403, 'permission_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [529, 'overloaded_error'],
  ])('upstream %i → same status and type, message prefixed with the upstream', async (status, type) => {
    upstream.enqueue({
      kind: 'error',
      status,
      message: `upstream says ${status}`,
      headers: { 'retry-after': '7' },
    });
    const response = await post('/v1/messages', JSON.stringify(minimal));
    const message = await expectEnvelope(response, status, type);
    expect(message).toBe(`Upstream 'fake' answered ${status}: upstream says ${status}`);
    if (status === 429) expect(response.headers.get('retry-after')).toBe('7');
  });

  it('maps upstream errors to the SDK error classes', async () => {
    upstream.enqueue({ kind: 'error', status: 529, message: 'Overloaded' });
    await expect(
      client.messages.create({ ...minimal, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({
      status: 529,
    });
  });

  it('connection refused → 502 naming the endpoint as a network problem', async () => {
    const message = await expectEnvelope(
      await post('/v1/messages', JSON.stringify({ ...minimal, model: 'down-model' })),
      502,
      'api_error',
    );
    expect(message).toContain(`http://127.0.0.1:${refusedPort}/v1/messages`);
    expect(message).toMatch(/Network problem/);
    expect(message).toMatch(/connection refused/);
  });

  it('a local server with no model loaded → tells the user to load one', async () => {
    upstream.enqueue({
      kind: 'raw',
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: 'No models loaded. Please load a model in the developer page or use the `lms load` command.',
      }),
    });
    const message = await expectEnvelope(
      await post('/v1/messages', JSON.stringify({ ...minimal, model: 'local-model' })),
      400,
      'invalid_request_error',
    );
    expect(message).toMatch(/no model is loaded on upstream 'local'/);
    expect(message).toMatch(/lms load/);
  });
});

describe('streams never end silently', () => {
  async function streamRaw(
    model: string,
  ): Promise<{ status: number; events: { event?: string; data: unknown }[] }> {
    const response = await post('/v1/messages', JSON.stringify({ ...minimal, model, stream: true }));
    return { status: response.status, events: parseSseJson(await response.text()) };
  }

  it('a connection reset after the first byte ends with an SSE error event', async () => {
    upstream.enqueue({
      kind: 'stream-fault',
      content: [{ type: 'text', text: 'partial answer here' }],
      afterEvents: 4,
      fault: 'reset',
    });
    const { status, events } = await streamRaw('fake-model');
    expect(status).toBe(200);
    expect(events[0]?.event).toBe('message_start');
    const last = events.at(-1);
    expect(last?.event).toBe('error');
    expect(last?.data).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('an upstream error event is relayed and the SDK raises it', async () => {
    upstream.enqueue({
      kind: 'stream-fault',
      content: [{ type: 'text', text: 'partial' }],
      afterEvents: 3,
      fault: 'error-event',
    });
    const stream = client.messages.stream({ ...minimal, messages: [{ role: 'user', content: 'hi' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
  });

  it('repairs a message_start without usage so clients always get input_tokens', async () => {
    upstream.enqueue({ kind: 'message', content: [{ type: 'text', text: 'ok' }], omitUsage: true });
    const { events } = await streamRaw('fake-model');
    const start = events.find((event) => event.event === 'message_start')?.data as {
      message: { usage: { input_tokens: unknown; output_tokens: unknown } };
    };
    expect(typeof start.message.usage.input_tokens).toBe('number');
    expect(typeof start.message.usage.output_tokens).toBe('number');
    const stream = client.messages.stream({ ...minimal, messages: [{ role: 'user', content: 'hi' }] });
    upstream.enqueue({ kind: 'message', content: [{ type: 'text', text: 'ok' }], omitUsage: true });
    expect((await stream.finalMessage()).usage.input_tokens).toBeTypeOf('number');
  });
});

describe('count_tokens', () => {
  it('counts locally, labelled an estimate, when the upstream has no count_tokens', async () => {
    const response = await post(
      '/v1/messages/count_tokens',
      JSON.stringify({
        model: 'local-model',
        messages: [{ role: 'user', content: 'hello there, how are you?' }],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-token-count')).toBe('estimate');
    const body = (await response.json()) as { input_tokens: number };
    expect(body.input_tokens).toBeGreaterThan(5);
    expect(upstream.requests).toHaveLength(0);
  });

  it('a burst of 30 distinct count_tokens calls spends at most 4 upstream calls', async () => {
    const bodies = Array.from({ length: 30 }, (_, index) =>
      JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: `burst ${index}` }] }),
    );
    const responses = await Promise.all(bodies.map((body) => post('/v1/messages/count_tokens', body)));
    expect(responses.map((response) => response.status)).toEqual(bodies.map(() => 200));
    const counts = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { input_tokens: number }).input_tokens),
    );
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(upstream.requests.length).toBeLessThanOrEqual(4);
  });
});

describe('client disconnect', () => {
  it('aborts the upstream request when the client goes away mid-stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': INBOUND_KEY },
      body: JSON.stringify({ ...minimal, model: 'slow-model', stream: true }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('message_start');
    controller.abort();
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('upstream not aborted')), 5000),
    );
    await expect(Promise.race([slowUpstreamClosed, timeout])).resolves.toBeUndefined();
  });
});
