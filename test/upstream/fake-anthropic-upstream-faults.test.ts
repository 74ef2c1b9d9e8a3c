// The fake's switches seen over plain HTTP: authentication, error envelopes, raw bodies, reply order,
// delays, usage omission, routing, options and request recording. Stream faults: *-stream-faults.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLY_TEXT,
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from './fake-anthropic-upstream.js';
import { ANTHROPIC_ERROR_TYPE_BY_STATUS, type FakeMessageReply } from './fake-reply.js';
import { parseSse, parseSseJson } from './read-sse.js';
import { postJson, readMessageText } from './send-test-request.js';

const API_KEY = 'sk-ant-fake-key';
const HELLO = { model: 'claude-fake-1', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };
const STREAM_HELLO = { ...HELLO, stream: true };
const LM_STUDIO_ERROR =
  '{"error":"No models loaded. Please load a model in the developer page or use the `lms load` command."}';

let upstream: FakeAnthropicUpstream;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream({ apiKey: API_KEY });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('authentication', () => {
  it('answers a wrong or missing key with the 401 envelope, and records the request', async () => {
    for (const headers of [{ 'x-api-key': 'sk-ant-wrong' }, {}, { authorization: 'Bearer sk-ant-wrong' }]) {
      const response = await post('/v1/messages', HELLO, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
        request_id: response.headers.get('request-id'),
      });
    }
    expect(upstream.requests).toHaveLength(3);
  });
});

describe('scripted replies', () => {
  it.each(Object.entries(ANTHROPIC_ERROR_TYPE_BY_STATUS))(
    'status %s → %s envelope',
    async (status, errorType) => {
      upstream.enqueue({ kind: 'error', status: Number(status), message: `failed with ${status}` });
      const response = await post('/v1/messages', HELLO);
      expect(response.status).toBe(Number(status));
      expect(await response.json()).toEqual({
        type: 'error',
        error: { type: errorType, message: `failed with ${status}` },
        request_id: response.headers.get('request-id'),
      });
    },
  );

  it('uses a scripted error type and headers; unlisted statuses fall back by class', async () => {
    upstream.enqueue(
      {
        kind: 'error',
        status: 400,
        errorType: 'custom_error',
        message: 'x',
        headers: { 'retry-after': '3' },
      },
      { kind: 'error', status: 418, message: 'teapot' },
      { kind: 'error', status: 503, message: 'unavailable' },
    );
    const custom = await post('/v1/messages', HELLO);
    expect(custom.headers.get('retry-after')).toBe('3');
    expect(await custom.json()).toMatchObject({ error: { type: 'custom_error', message: 'x' } });
    expect(await (await post('/v1/messages', HELLO)).json()).toMatchObject({
      error: { type: 'invalid_request_error' },
    });
    expect(await (await post('/v1/messages', HELLO)).json()).toMatchObject({ error: { type: 'api_error' } });
  });

  it('sends a raw body byte for byte', async () => {
    upstream.enqueue(
      { kind: 'raw', status: 404, body: LM_STUDIO_ERROR },
      { kind: 'raw', status: 502, headers: { 'Content-Type': 'text/html' }, body: '<h1>Bad gateway</h1>' },
    );
    const lmStudio = await post('/v1/messages', HELLO);
    expect(lmStudio.status).toBe(404);
    expect(lmStudio.headers.get('content-type')).toBe('application/json');
    expect(await lmStudio.text()).toBe(LM_STUDIO_ERROR);
    const html = await post('/v1/messages', HELLO);
    expect([html.status, html.headers.get('content-type'), await html.text()]).toEqual([
      502,
      'text/html',
      '<h1>Bad gateway</h1>',
    ]);
  });

  it('uses queued replies first in, first out, then the default reply', async () => {
    upstream.enqueue(textReply('first'), textReply('second'));
    const texts: unknown[] = [];
    for (let count = 0; count < 3; count += 1)
      texts.push(await readMessageText(await post('/v1/messages', HELLO)));
    expect(texts).toEqual(['first', 'second', DEFAULT_REPLY_TEXT]);
  });

  it('omits usage from message_start and from the JSON body when asked', async () => {
    upstream.enqueue({ ...textReply('a'), omitUsage: true }, { ...textReply('b'), omitUsage: true });
    const events = parseSseJson(await (await post('/v1/messages', STREAM_HELLO)).text());
    expect(events[0]?.data).toMatchObject({ type: 'message_start' });
    expect(events[0]?.data).not.toHaveProperty('message.usage');
    expect(events.at(-2)?.data).toMatchObject({ type: 'message_delta', usage: { output_tokens: 1 } });
    expect(await (await post('/v1/messages', HELLO)).json()).not.toHaveProperty('usage');
  });

  it('waits delayMs before answering and eventDelayMs between events', async () => {
    upstream.enqueue({ ...textReply('slow'), delayMs: 150 });
    let started = Date.now();
    await (await post('/v1/messages', HELLO)).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    upstream.enqueue({ ...textReply('0123456789abcdef'), eventDelayMs: 30 });
    started = Date.now();
    const events = parseSse(await (await post('/v1/messages', STREAM_HELLO)).text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(30 * (events.length - 1) - 10);
  });
});

describe('routing', () => {
  it('serves prefixed paths with query strings, and 404s the rest', async () => {
    expect((await post('/anthropic/v1/messages?beta=true', HELLO)).status).toBe(200);
    expect(upstream.requests[0]?.path).toBe('/anthropic/v1/messages?beta=true');
    const counted = await post('/v1/messages/count_tokens?beta=true', HELLO);
    expect(await counted.json()).toEqual({ input_tokens: Math.ceil(JSON.stringify(HELLO).length / 4) });
    const unknownRoutes: [string, string][] = [
      ['GET', '/v1/messages'],
      ['POST', '/v1/complete'],
      ['GET', '/'],
    ];
    for (const [method, path] of unknownRoutes) {
      const response = await fetch(`${upstream.url}${path}`, { method, headers: { 'x-api-key': API_KEY } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    }
  });

  it('answers 400 to a body that is not a JSON object, and records it', async () => {
    const response = await post('/v1/messages', 'not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(upstream.requests[0]).toMatchObject({ rawBody: '"not json"', body: 'not json' });
  });

  it('404s count_tokens when disabled, and cuts text into textChunkSize pieces', async () => {
    const other = await startFakeAnthropicUpstream({ countTokens: false, textChunkSize: 3, models: [] });
    try {
      const counted = await fetch(`${other.url}/v1/messages/count_tokens`, { method: 'POST', body: '{}' });
      expect([counted.status, await counted.json()]).toMatchObject([
        404,
        { error: { type: 'not_found_error' } },
      ]);
      expect(await (await fetch(`${other.url}/v1/models`)).json()).toEqual({
        data: [],
        has_more: false,
        first_id: null,
        last_id: null,
      });
      const events = parseSseJson(
        await (
          await fetch(`${other.url}/v1/messages`, { method: 'POST', body: JSON.stringify(STREAM_HELLO) })
        ).text(),
      );
      const texts = events
        .map((event) => event.data)
        .filter(isTextDelta)
        .map((data) => data.delta.text);
      expect(texts.join('')).toBe(DEFAULT_REPLY_TEXT);
      expect(Math.max(...texts.map((text) => text.length))).toBe(3);
    } finally {
      await other.close();
    }
  });
});

describe('recording', () => {
  it('records method, path, headers, raw and parsed body; reset() clears requests and queue', async () => {
    await post('/v1/messages?beta=true', HELLO, { 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01' });
    expect(upstream.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/messages?beta=true',
        headers: expect.objectContaining({
          'x-api-key': API_KEY,
          'anthropic-version': '2023-06-01',
        }) as unknown,
        rawBody: JSON.stringify(HELLO),
        body: HELLO,
      },
    ]);
    upstream.enqueue(textReply('queued'));
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect(await readMessageText(await post('/v1/messages', HELLO))).toBe(DEFAULT_REPLY_TEXT);
  });
});

function textReply(text: string): FakeMessageReply {
  return { kind: 'message', content: [{ type: 'text', text }] };
}

function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'x-api-key': API_KEY },
): Promise<Response> {
  return postJson(upstream.url, path, body, headers);
}

function isTextDelta(data: unknown): data is { delta: { type: 'text_delta'; text: string } } {
  if (typeof data !== 'object' || data === null || !('delta' in data)) return false;
  const delta = data.delta;
  return typeof delta === 'object' && delta !== null && 'type' in delta && delta.type === 'text_delta';
}
