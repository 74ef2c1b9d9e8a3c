// Stream faults and hangs: reset after N chunks in both framings, the mid-stream error chunk (which the SDK
// raises as ApiError), stalls and hangs that only close() ends, and the non-streaming counterparts.
import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GEMINI_INTERNAL_ERROR,
  type FakeGeminiReply,
  type FakeGeminiStreamFault,
} from './fake-gemini-reply.js';
import { startFakeGeminiUpstream, type FakeGeminiUpstream } from './fake-gemini-upstream.js';
import { parseSse, parseSseJson } from './read-sse.js';
import { outcomeOf, sendHeldRequests } from './send-held-requests.js';
import { postJson, readToEnd, sleep } from './send-test-request.js';

const MODEL = 'gemini-fake-1';
const REQUEST = { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] };
const SSE_PATH = `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`;
const ARRAY_PATH = `/v1beta/models/${MODEL}:streamGenerateContent`;
const GENERATE_PATH = `/v1beta/models/${MODEL}:generateContent`;
const TEXT = 'Partial answer that never finishes.';

let upstream: FakeGeminiUpstream;
let ai: GoogleGenAI;

beforeAll(async () => {
  upstream = await startFakeGeminiUpstream();
  ai = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: upstream.url } });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('stream faults', () => {
  it('reset: the connection breaks after N whole SSE chunks, none with a finishReason', async () => {
    upstream.enqueue(fault('reset', 3));
    const { text, error } = await readToEnd(await postJson(upstream.url, SSE_PATH, REQUEST));
    expect(error).toBeDefined();
    const events = parseSseJson(text);
    expect(events).toHaveLength(3);
    expect(events.every((event) => !JSON.stringify(event.data).includes('finishReason'))).toBe(true);
  });

  it('reset: a JSON array stream breaks unterminated after N elements', async () => {
    upstream.enqueue(fault('reset', 2));
    const { text, error } = await readToEnd(await postJson(upstream.url, ARRAY_PATH, REQUEST));
    expect(error).toBeDefined();
    expect(text.startsWith('[{')).toBe(true);
    expect(text.split(',\r\n{')).toHaveLength(2);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('error-chunk: N chunks, then {"error": INTERNAL} as the last event or element, then the end', async () => {
    upstream.enqueue(fault('error-chunk', 2), fault('error-chunk', 1));
    const sse = await readToEnd(await postJson(upstream.url, SSE_PATH, REQUEST));
    expect(sse.error).toBeUndefined();
    const events = parseSseJson(sse.text);
    expect(events).toHaveLength(3);
    expect(events[2]).toEqual({ data: { error: GEMINI_INTERNAL_ERROR } });
    const array = (await (await postJson(upstream.url, ARRAY_PATH, REQUEST)).json()) as unknown[];
    expect(array).toHaveLength(2);
    expect(array[1]).toEqual({ error: GEMINI_INTERNAL_ERROR });
  });

  it('error-chunk: the SDK raises ApiError 500 after yielding the chunks before it', async () => {
    upstream.enqueue(fault('error-chunk', 2));
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: 'Hi' })) {
        received.push(chunk.text ?? '');
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 500, message: expect.stringContaining('INTERNAL') as unknown });
    expect(received.join('')).toBe(TEXT.slice(0, 16));
  });

  it('without streaming: error-chunk answers 500 INTERNAL, reset drops the connection', async () => {
    upstream.enqueue(fault('error-chunk', 0), fault('reset', 0));
    const serverError = await ai.models
      .generateContent({ model: MODEL, contents: 'Hi' })
      .catch((error: unknown) => error);
    expect(serverError).toBeInstanceOf(ApiError);
    expect(JSON.parse((serverError as ApiError).message)).toEqual({ error: GEMINI_INTERNAL_ERROR });
    const dropped = await postJson(upstream.url, GENERATE_PATH, REQUEST).catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(TypeError);
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('stall and hang', () => {
  it('keep the connection open until close(), which does not wait for them', async () => {
    const other = await startFakeGeminiUpstream();
    other.enqueue(fault('stall', 2), { kind: 'hang' });
    const { reading, hanging, first } = await sendHeldRequests(
      other.url,
      { path: SSE_PATH, body: REQUEST },
      { path: GENERATE_PATH, body: REQUEST },
    );
    expect(first).toBe('open');

    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    const { text, error } = await reading;
    expect(parseSse(text)).toHaveLength(2);
    expect(error).toBeDefined();
    expect(await hanging).toBe('failed');
    expect(other.requests).toHaveLength(2);
  });

  it('close() also cancels pending reply delays', async () => {
    const other = await startFakeGeminiUpstream();
    other.enqueue({ kind: 'message', text: 'late', delayMs: 60_000 });
    const answer = outcomeOf(postJson(other.url, GENERATE_PATH, REQUEST));
    await sleep(50);
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await answer).toBe('failed');
  });
});

function fault(kind: FakeGeminiStreamFault, afterChunks: number): FakeGeminiReply {
  return { kind: 'stream-fault', text: TEXT, afterChunks, fault: kind };
}
