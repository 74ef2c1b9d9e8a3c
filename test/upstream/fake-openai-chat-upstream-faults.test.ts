// Errors, auth, routing and recording: the SDK error class per scripted status, raw bodies, Bearer auth,
// unknown routes, delays, the request log and reset().
import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  INSUFFICIENT_QUOTA_ERROR,
  OPENAI_CHAT_ERROR_BY_STATUS,
  type FakeOpenAIChatMessageReply,
} from './fake-openai-chat-reply.js';
import {
  DEFAULT_OPENAI_CHAT_REPLY_TEXT,
  startFakeOpenAIChatUpstream,
  type FakeOpenAIChatUpstream,
} from './fake-openai-chat-upstream.js';
import { parseSse } from './read-sse.js';
import { postJson } from './send-test-request.js';

const API_KEY = 'sk-fake-openai-key';
const AUTH = { authorization: `Bearer ${API_KEY}` };
const HELLO = { model: 'gpt-fake-1', messages: [{ role: 'user' as const, content: 'Hello' }] };

let upstream: FakeOpenAIChatUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream({ apiKey: API_KEY });
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('scripted errors through the SDK', () => {
  const cases: [number, abstract new (...args: never[]) => APIError][] = [
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ];
  it.each(cases)('status %s raises %O with the default type and code', async (status, errorClass) => {
    upstream.enqueue({ kind: 'error', status, message: `failed with ${status}` });
    const failure = await client.chat.completions.create(HELLO).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errorClass);
    expect(failure).toMatchObject({
      status,
      ...OPENAI_CHAT_ERROR_BY_STATUS[status],
      param: null,
      requestID: expect.stringMatching(/^req_fake_\d+$/) as unknown,
      error: { message: `failed with ${status}` },
    });
  });

  it('uses scripted type, code, param and headers (insufficient_quota, retry-after)', async () => {
    upstream.enqueue(
      { ...INSUFFICIENT_QUOTA_ERROR, headers: { 'retry-after': '7' } },
      {
        kind: 'error',
        status: 400,
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        param: 'messages',
        message: 'Too long',
      },
      { kind: 'error', status: 418, message: 'teapot' },
    );
    const quota = await client.chat.completions.create(HELLO).catch((error: unknown) => error);
    expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
    expect(quota).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect((quota as APIError).headers?.get('retry-after')).toBe('7');
    const tooLong = await client.chat.completions.create(HELLO).catch((error: unknown) => error);
    expect(tooLong).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages' });
    const teapot = await postJson(upstream.url, '/v1/chat/completions', HELLO, AUTH);
    expect(await teapot.json()).toEqual({
      error: { message: 'teapot', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('sends a raw body byte for byte', async () => {
    upstream.enqueue(
      { kind: 'raw', status: 404, body: '{"error":"No models loaded."}' },
      { kind: 'raw', status: 502, headers: { 'Content-Type': 'text/html' }, body: '<h1>Bad gateway</h1>' },
    );
    const lmStudio = await postJson(upstream.url, '/v1/chat/completions', HELLO, AUTH);
    expect([lmStudio.status, lmStudio.headers.get('content-type'), await lmStudio.text()]).toEqual([
      404,
      'application/json',
      '{"error":"No models loaded."}',
    ]);
    const html = await postJson(upstream.url, '/v1/chat/completions', HELLO, AUTH);
    expect([html.status, html.headers.get('content-type'), await html.text()]).toEqual([
      502,
      'text/html',
      '<h1>Bad gateway</h1>',
    ]);
  });
});

describe('auth', () => {
  it('answers 401 without the right Bearer key, and records the attempt', async () => {
    const missing = await postJson(upstream.url, '/v1/chat/completions', HELLO, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
    const wrong = await postJson(upstream.url, '/v1/chat/completions', HELLO, {
      authorization: 'Bearer sk-wrong-key-1234',
    });
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.error.message).toMatch(/^Incorrect API key provided: sk-\*+1234\./);
    const models = await fetch(`${upstream.url}/v1/models`, { headers: { authorization: 'Bearer nope' } });
    expect(models.status).toBe(401);
    expect(upstream.requests).toHaveLength(3);
  });

  it('raises AuthenticationError in the SDK for a wrong key', async () => {
    const wrongClient = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrongClient.chat.completions.create(HELLO)).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    await expect(wrongClient.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('routing', () => {
  it('404s unknown routes with an invalid_request_error envelope', async () => {
    const unknownRoutes: [string, string][] = [
      ['GET', '/v1/chat/completions'],
      ['POST', '/v1/completions'],
      ['POST', '/v1/models'],
      ['GET', '/'],
    ];
    for (const [method, path] of unknownRoutes) {
      const response = await fetch(`${upstream.url}${path}`, { method, headers: AUTH });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: {
          message: `Invalid URL (${method} ${path})`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
    }
  });

  it('answers 400 to a body that is not a JSON object, and records it', async () => {
    const response = await postJson(upstream.url, '/v1/chat/completions', 'not json', AUTH);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
    expect(upstream.requests[0]).toMatchObject({ rawBody: '"not json"', body: 'not json' });
  });

  it('lists the default model and accepts query strings', async () => {
    const other = await startFakeOpenAIChatUpstream();
    try {
      expect(await (await fetch(`${other.url}/v1/models?limit=5`)).json()).toEqual({
        object: 'list',
        data: [{ id: 'gpt-fake-1', object: 'model', created: 1686935002, owned_by: 'organization-owner' }],
      });
      const completion = await postJson(other.url, '/openai/v1/chat/completions?api-version=1', HELLO);
      expect(completion.status).toBe(200);
      expect(other.requests.map((request) => request.path)).toEqual([
        '/v1/models?limit=5',
        '/openai/v1/chat/completions?api-version=1',
      ]);
    } finally {
      await other.close();
    }
  });
});

describe('recording and timing', () => {
  it('records method, path, headers, raw and parsed body; reset() clears requests and queue', async () => {
    const body = { ...HELLO, stream_options: { include_usage: true } };
    await postJson(upstream.url, '/v1/chat/completions', body, {
      ...AUTH,
      'openai-organization': 'org-fake',
    });
    expect(upstream.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: expect.objectContaining({ ...AUTH, 'openai-organization': 'org-fake' }) as unknown,
        rawBody: JSON.stringify(body),
        body,
      },
    ]);
    upstream.enqueue(textReply('queued'));
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    const completion = await client.chat.completions.create(HELLO);
    expect(completion.choices[0]?.message.content).toBe(DEFAULT_OPENAI_CHAT_REPLY_TEXT);
  });

  it('uses queued replies first in, first out, then the default reply', async () => {
    upstream.enqueue(textReply('first'), textReply('second'));
    const texts: (string | null | undefined)[] = [];
    for (let count = 0; count < 3; count += 1) {
      texts.push((await client.chat.completions.create(HELLO)).choices[0]?.message.content);
    }
    expect(texts).toEqual(['first', 'second', DEFAULT_OPENAI_CHAT_REPLY_TEXT]);
  });

  it('waits delayMs before answering and eventDelayMs between events', async () => {
    upstream.enqueue({ ...textReply('slow'), delayMs: 150 });
    let started = Date.now();
    await client.chat.completions.create(HELLO);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    upstream.enqueue({ ...textReply('0123456789abcdef'), eventDelayMs: 30 });
    started = Date.now();
    const response = await postJson(upstream.url, '/v1/chat/completions', { ...HELLO, stream: true }, AUTH);
    const events = parseSse(await response.text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(30 * (events.length - 1) - 10);
  });
});

function textReply(content: string): FakeOpenAIChatMessageReply {
  return { kind: 'message', content };
}
