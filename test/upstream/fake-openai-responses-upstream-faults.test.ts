// Errors, auth, routing and recording of the fake Responses upstream: the SDK error class per scripted status,
// raw bodies, Bearer auth, unknown routes, delays, the request log and reset().
import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INSUFFICIENT_QUOTA_ERROR, OPENAI_CHAT_ERROR_BY_STATUS } from './fake-openai-chat-reply.js';
import type { FakeOpenAIResponsesMessageReply } from './fake-openai-responses-reply.js';
import {
  DEFAULT_OPENAI_RESPONSES_REPLY_TEXT,
  startFakeOpenAIResponsesUpstream,
  type FakeOpenAIResponsesUpstream,
} from './fake-openai-responses-upstream.js';
import { parseSse } from './read-sse.js';
import { postJson } from './send-test-request.js';

const API_KEY = 'sk-fake-openai-key';
const AUTH = { authorization: `Bearer ${API_KEY}` };
const HELLO = { model: 'gpt-fake-1', input: 'Hello' };

let upstream: FakeOpenAIResponsesUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIResponsesUpstream({ apiKey: API_KEY });
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
    const failure = await client.responses.create(HELLO).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errorClass);
    expect(failure).toMatchObject({
      status,
      ...OPENAI_CHAT_ERROR_BY_STATUS[status],
      param: null,
      requestID: expect.stringMatching(/^req_fake_\d+$/) as unknown,
      error: { message: `failed with ${status}` },
    });
  });

  it('uses scripted type, code, param and headers, also for a streaming request', async () => {
    upstream.enqueue(
      { ...INSUFFICIENT_QUOTA_ERROR, headers: { 'retry-after': '7' } },
      {
        kind: 'error',
        status: 400,
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        param: 'input',
        message: 'Too long',
      },
    );
    const quota = await client.responses.create(HELLO).catch((error: unknown) => error);
    expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
    expect(quota).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect((quota as APIError).headers?.get('retry-after')).toBe('7');
    const tooLong = await client.responses
      .stream(HELLO)
      .finalResponse()
      .catch((error: unknown) => error);
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tooLong).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'input' });
  });

  it('sends a raw body byte for byte', async () => {
    upstream.enqueue({
      kind: 'raw',
      status: 502,
      headers: { 'Content-Type': 'text/html' },
      body: '<h1>Bad</h1>',
    });
    const html = await postJson(upstream.url, '/v1/responses', HELLO, AUTH);
    expect([html.status, html.headers.get('content-type'), await html.text()]).toEqual([
      502,
      'text/html',
      '<h1>Bad</h1>',
    ]);
  });
});

describe('auth', () => {
  it('answers 401 without the right Bearer key, and records the attempt', async () => {
    const missing = await postJson(upstream.url, '/v1/responses', HELLO, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
    const wrong = await postJson(upstream.url, '/v1/responses', HELLO, {
      authorization: 'Bearer sk-wrong-key-1234',
    });
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.error.message).toMatch(/^Incorrect API key provided: sk-\*+1234\./);
    expect(upstream.requests).toHaveLength(2);
  });

  it('raises AuthenticationError in the SDK for a wrong key, streaming or not', async () => {
    const wrongClient = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrongClient.responses.create(HELLO)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(wrongClient.responses.stream(HELLO).finalResponse()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    await expect(wrongClient.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('routing', () => {
  it('404s unknown routes with an invalid_request_error envelope', async () => {
    const unknownRoutes: [string, string][] = [
      ['GET', '/v1/responses'],
      ['POST', '/v1/chat/completions'],
      ['POST', '/v1/responses/resp_1/cancel'],
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
    const response = await postJson(upstream.url, '/v1/responses', 'not json', AUTH);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
    expect(upstream.requests[0]).toMatchObject({ rawBody: '"not json"', body: 'not json' });
  });

  it('accepts query strings and any prefix; a missing model falls back to the first listed model', async () => {
    const other = await startFakeOpenAIResponsesUpstream({ models: ['gpt-listed'] });
    try {
      const response = await postJson(other.url, '/openai/v1/responses?api-version=1', { input: 'Hi' });
      expect(await response.json()).toMatchObject({ model: 'gpt-listed' });
      expect(await (await fetch(`${other.url}/v1/models?limit=5`)).json()).toMatchObject({
        data: [{ id: 'gpt-listed' }],
      });
      expect(other.requests.map((request) => request.path)).toEqual([
        '/openai/v1/responses?api-version=1',
        '/v1/models?limit=5',
      ]);
    } finally {
      await other.close();
    }
  });
});

describe('recording and timing', () => {
  it('records method, path, headers, raw and parsed body; reset() clears requests and queue', async () => {
    const body = {
      ...HELLO,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
      store: false,
      include: ['reasoning.encrypted_content'],
    };
    await postJson(upstream.url, '/v1/responses', body, { ...AUTH, 'openai-organization': 'org-fake' });
    expect(upstream.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/responses',
        headers: expect.objectContaining({ ...AUTH, 'openai-organization': 'org-fake' }) as unknown,
        rawBody: JSON.stringify(body),
        body,
      },
    ]);
    upstream.enqueue(textReply('queued'));
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect((await client.responses.create(HELLO)).output_text).toBe(DEFAULT_OPENAI_RESPONSES_REPLY_TEXT);
  });

  it('uses queued replies first in, first out, then the default reply', async () => {
    upstream.enqueue(textReply('first'), textReply('second'));
    const texts: string[] = [];
    for (let count = 0; count < 3; count += 1) texts.push((await client.responses.create(HELLO)).output_text);
    expect(texts).toEqual(['first', 'second', DEFAULT_OPENAI_RESPONSES_REPLY_TEXT]);
  });

  it('waits delayMs before answering and eventDelayMs between events', async () => {
    upstream.enqueue({ ...textReply('slow'), delayMs: 150 });
    let started = Date.now();
    await client.responses.create(HELLO);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    upstream.enqueue({ ...textReply('0123456789abcdef'), eventDelayMs: 20 });
    started = Date.now();
    const response = await postJson(upstream.url, '/v1/responses', { ...HELLO, stream: true }, AUTH);
    const events = parseSse(await response.text());
    expect(events.length).toBeGreaterThan(8);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 * (events.length - 1) - 10);
  });
});

function textReply(text: string): FakeOpenAIResponsesMessageReply {
  return { kind: 'message', text };
}
