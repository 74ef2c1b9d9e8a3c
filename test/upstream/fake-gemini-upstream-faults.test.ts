// Errors, auth, routing and recording: the SDK's ApiError per scripted status (its message is the error body),
// RetryInfo details, raw bodies, `x-goog-api-key` / `?key=` auth, unknown routes, bad JSON, the request log,
// reset(), the reply queue and delays.
import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GEMINI_INVALID_KEY_ERROR, GEMINI_MISSING_KEY_ERROR } from './gemini-check-key.js';
import { GEMINI_ERROR_STATUS_BY_HTTP, type FakeGeminiMessageReply } from './fake-gemini-reply.js';
import {
  DEFAULT_GEMINI_REPLY_TEXT,
  startFakeGeminiUpstream,
  type FakeGeminiUpstream,
} from './fake-gemini-upstream.js';
import { parseSse } from './read-sse.js';
import { postJson } from './send-test-request.js';

const API_KEY = 'AIza-fake-gemini-key';
const AUTH = { 'x-goog-api-key': API_KEY };
const MODEL = 'gemini-fake-1';
const REQUEST = { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] };
const GENERATE_PATH = `/v1beta/models/${MODEL}:generateContent`;

let upstream: FakeGeminiUpstream;
let ai: GoogleGenAI;

beforeAll(async () => {
  upstream = await startFakeGeminiUpstream({ apiKey: API_KEY });
  ai = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: upstream.url } });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('scripted errors through the SDK', () => {
  it.each([400, 403, 404, 429, 500, 503])(
    'status %s raises ApiError with the envelope as message',
    async (status) => {
      upstream.enqueue({ kind: 'error', status, message: `failed with ${status}` });
      const failure = await ai.models
        .generateContent({ model: MODEL, contents: 'Hi' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(status);
      expect(JSON.parse((failure as ApiError).message)).toEqual({
        error: {
          code: status,
          message: `failed with ${status}`,
          status: GEMINI_ERROR_STATUS_BY_HTTP[status],
        },
      });
    },
  );

  it('adds RetryInfo after scripted details, honours grpcStatus and headers, also on streams', async () => {
    upstream.enqueue(
      {
        kind: 'error',
        status: 429,
        message: 'Quota',
        retryDelaySeconds: 47,
        details: [{ '@type': 'type.googleapis.com/google.rpc.Help', links: [] }],
        headers: { 'x-fake': 'yes' },
      },
      { kind: 'error', status: 400, grpcStatus: 'FAILED_PRECONDITION', message: 'Free tier unavailable.' },
    );
    const quota = await postJson(upstream.url, GENERATE_PATH, REQUEST, AUTH);
    expect(quota.headers.get('x-fake')).toBe('yes');
    expect(await quota.json()).toEqual({
      error: {
        code: 429,
        message: 'Quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.Help', links: [] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '47s' },
        ],
      },
    });
    const failure = await consume(ai.models.generateContentStream({ model: MODEL, contents: 'Hi' }));
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 400,
      message: expect.stringContaining('FAILED_PRECONDITION') as unknown,
    });
  });

  it('sends a raw body byte for byte', async () => {
    upstream.enqueue(
      { kind: 'raw', status: 200, body: '{"candidates": [' },
      { kind: 'raw', status: 502, headers: { 'Content-Type': 'text/html' }, body: '<h1>Bad gateway</h1>' },
    );
    const truncated = await postJson(upstream.url, GENERATE_PATH, REQUEST, AUTH);
    expect([truncated.status, truncated.headers.get('content-type'), await truncated.text()]).toEqual([
      200,
      'application/json',
      '{"candidates": [',
    ]);
    const html = await ai.models
      .generateContent({ model: MODEL, contents: 'Hi' })
      .catch((error: unknown) => error);
    expect(html).toBeInstanceOf(ApiError);
    expect(html).toMatchObject({
      status: 502,
      message: expect.stringContaining('<h1>Bad gateway</h1>') as unknown,
    });
  });
});

describe('auth', () => {
  it('403 without a key, 400 API_KEY_INVALID with a wrong one, on every route; the attempts are recorded', async () => {
    const missing = await postJson(upstream.url, GENERATE_PATH, REQUEST);
    expect([missing.status, await missing.json()]).toEqual([403, { error: GEMINI_MISSING_KEY_ERROR }]);
    const wrongQuery = await postJson(upstream.url, `${GENERATE_PATH}?key=wrong`, REQUEST);
    expect([wrongQuery.status, await wrongQuery.json()]).toEqual([400, { error: GEMINI_INVALID_KEY_ERROR }]);
    const models = await fetch(`${upstream.url}/v1beta/models`, { headers: { 'x-goog-api-key': 'nope' } });
    expect(models.status).toBe(400);
    expect(upstream.requests).toHaveLength(3);
  });

  it('the SDK with a wrong key gets ApiError 400 on generate, stream, countTokens and list', async () => {
    const wrong = new GoogleGenAI({ apiKey: 'AIza-wrong', httpOptions: { baseUrl: upstream.url } });
    const calls: (() => Promise<unknown>)[] = [
      () => wrong.models.generateContent({ model: MODEL, contents: 'Hi' }),
      () => consume(wrong.models.generateContentStream({ model: MODEL, contents: 'Hi' })),
      () => wrong.models.countTokens({ model: MODEL, contents: 'Hi' }),
      () => wrong.models.list(),
    ];
    for (const call of calls) {
      const failure = await call().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect(failure).toMatchObject({
        status: 400,
        message: expect.stringContaining('API_KEY_INVALID') as unknown,
      });
    }
  });
});

describe('routing and bodies', () => {
  it('404s unknown routes and methods with a NOT_FOUND envelope', async () => {
    const routes: [string, string][] = [
      ['POST', `/v1beta/models/${MODEL}:embedContent`],
      ['GET', GENERATE_PATH],
      ['POST', '/v1beta/models'],
      ['GET', '/'],
    ];
    for (const [method, path] of routes) {
      const response = await fetch(`${upstream.url}${path}`, { method, headers: AUTH });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 404, message: 'Method not found.', status: 'NOT_FOUND' },
      });
    }
  });

  it('answers 400 INVALID_ARGUMENT to a body that is not a JSON object, array-wrapped on a non-SSE stream', async () => {
    const generate = await postJson(upstream.url, GENERATE_PATH, 'not json', AUTH);
    expect(generate.status).toBe(400);
    expect(await generate.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const stream = await postJson(upstream.url, `/v1beta/models/${MODEL}:streamGenerateContent`, [1], AUTH);
    expect(await stream.json()).toMatchObject([{ error: { code: 400, status: 'INVALID_ARGUMENT' } }]);
    expect(upstream.requests.map((request) => request.rawBody)).toEqual(['"not json"', '[1]']);
  });

  it('serves any path prefix (v1, v1alpha) and model names with dots', async () => {
    for (const prefix of ['/v1', '/v1alpha', '/proxy/v1beta']) {
      const response = await postJson(
        upstream.url,
        `${prefix}/models/gemini-2.5-flash:generateContent`,
        REQUEST,
        AUTH,
      );
      expect(((await response.json()) as { modelVersion: string }).modelVersion).toBe('gemini-2.5-flash');
    }
  });
});

describe('recording, queue and delays', () => {
  it('records method, path with query, headers, raw and parsed body; reset() clears requests and queue', async () => {
    await ai.models.generateContent({ model: MODEL, contents: 'Record me', config: { temperature: 0.5 } });
    expect(upstream.requests).toEqual([
      {
        method: 'POST',
        path: GENERATE_PATH,
        headers: expect.objectContaining({
          'x-goog-api-key': API_KEY,
          'content-type': 'application/json',
        }) as unknown,
        rawBody: expect.any(String) as unknown,
        body: {
          contents: [{ parts: [{ text: 'Record me' }], role: 'user' }],
          generationConfig: { temperature: 0.5 },
        },
      },
    ]);
    expect(upstream.requests[0]?.headers['x-goog-api-client']).toMatch(/google-genai-sdk\//);
    upstream.enqueue(textReply('queued'));
    upstream.reset();
    expect(upstream.requests).toEqual([]);
    expect((await ai.models.generateContent({ model: MODEL, contents: 'Hi' })).text).toBe(
      DEFAULT_GEMINI_REPLY_TEXT,
    );
  });

  it('uses queued replies first in, first out, then the default reply, across both methods', async () => {
    upstream.enqueue(textReply('first'), textReply('second'));
    const first = (await ai.models.generateContent({ model: MODEL, contents: 'Hi' })).text;
    let second = '';
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: 'Hi' })) {
      second += chunk.text ?? '';
    }
    const third = (await ai.models.generateContent({ model: MODEL, contents: 'Hi' })).text;
    expect([first, second, third]).toEqual(['first', 'second', DEFAULT_GEMINI_REPLY_TEXT]);
  });

  it('waits delayMs before answering and eventDelayMs between chunks', async () => {
    upstream.enqueue({ ...textReply('slow'), delayMs: 150 });
    let started = Date.now();
    await ai.models.generateContent({ model: MODEL, contents: 'Hi' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    upstream.enqueue({ ...textReply('0123456789abcdefghijklmn'), eventDelayMs: 30 });
    started = Date.now();
    const path = `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`;
    const events = parseSse(await (await postJson(upstream.url, path, REQUEST, AUTH)).text());
    expect(events).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(30 * (events.length - 1) - 10);
  });
});

function textReply(text: string): FakeGeminiMessageReply {
  return { kind: 'message', text };
}

/** Iterates a stream to its end; resolves with the error it failed with, or undefined. */
async function consume(stream: Promise<AsyncGenerator<unknown>>): Promise<unknown> {
  try {
    for await (const _chunk of await stream) void _chunk;
    return undefined;
  } catch (error) {
    return error;
  }
}
