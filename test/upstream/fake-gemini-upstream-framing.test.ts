// Both framings of models.streamGenerateContent read with plain fetch: `?alt=sse` gives `data:` events with
// CRLF line ends, no `event:` names and no terminator; without it the same chunks arrive as one JSON array.
// Also the JSON body layout, `?key=` auth and the chunkSize option.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_GEMINI_REPLY_TEXT,
  startFakeGeminiUpstream,
  type FakeGeminiUpstream,
} from './fake-gemini-upstream.js';
import { parseSse, parseSseJson } from './read-sse.js';
import { postJson } from './send-test-request.js';

const API_KEY = 'AIza-fake-gemini-key';
const AUTH = { 'x-goog-api-key': API_KEY };
const REQUEST = { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] };
const STREAM_PATH = '/v1beta/models/gemini-fake-1:streamGenerateContent';

let upstream: FakeGeminiUpstream;

beforeAll(async () => {
  upstream = await startFakeGeminiUpstream({ apiKey: API_KEY });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('streamGenerateContent framings', () => {
  it('alt=sse: one data-only event per chunk, CRLF line ends, no terminator', async () => {
    const response = await postJson(upstream.url, `${STREAM_PATH}?alt=sse`, REQUEST, AUTH);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const events = parseSse(text);
    expect(events.length).toBe(Math.ceil(DEFAULT_GEMINI_REPLY_TEXT.length / 8));
    expect(events.every((event) => event.event === undefined)).toBe(true);
    expect(text.split('\r\n\r\n')).toHaveLength(events.length + 1);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    expect(text).not.toContain('[DONE]');
    const texts = parseSseJson(text).map((event) => readText(event.data));
    expect(texts.join('')).toBe(DEFAULT_GEMINI_REPLY_TEXT);
  });

  it('no alt: the same chunks as one JSON array, elements separated as they are written', async () => {
    const sse = parseSseJson(
      await (await postJson(upstream.url, `${STREAM_PATH}?alt=sse`, REQUEST, AUTH)).text(),
    );
    const response = await postJson(upstream.url, STREAM_PATH, REQUEST, AUTH);
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const text = await response.text();
    expect(text.startsWith('[{')).toBe(true);
    expect(text.endsWith('}]')).toBe(true);
    expect(text.split(',\r\n{')).toHaveLength(sse.length);
    const chunks = JSON.parse(text) as unknown[];
    expect(chunks).toHaveLength(sse.length);
    expect(chunks.map(withoutResponseId)).toEqual(sse.map((event) => withoutResponseId(event.data)));
  });

  it('alt=json is the JSON array too; a reply with no parts is one chunk whose content has no parts', async () => {
    upstream.enqueue({ kind: 'message', finishReason: 'MAX_TOKENS', usage: { thoughtsTokenCount: 50 } });
    const response = await postJson(upstream.url, `${STREAM_PATH}?alt=json`, REQUEST, AUTH);
    const chunks = (await response.json()) as { candidates: unknown[] }[];
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates).toEqual([
      { content: { role: 'model' }, finishReason: 'MAX_TOKENS', index: 0 },
    ]);
  });
});

describe('JSON bodies, ?key= and chunkSize', () => {
  it('generateContent answers one indented JSON body ending in a newline', async () => {
    const response = await postJson(
      upstream.url,
      '/v1beta/models/gemini-fake-1:generateContent',
      REQUEST,
      AUTH,
    );
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const text = await response.text();
    expect(text.startsWith('{\n  "candidates": [\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(readText(JSON.parse(text))).toBe(DEFAULT_GEMINI_REPLY_TEXT);
  });

  it('accepts the key as ?key= instead of the header, and records the query in the path', async () => {
    const path = `/v1beta/models/gemini-fake-1:streamGenerateContent?alt=sse&key=${API_KEY}`;
    const response = await postJson(upstream.url, path, REQUEST);
    expect(response.status).toBe(200);
    expect(parseSse(await response.text()).length).toBeGreaterThan(1);
    expect(upstream.requests[0]?.path).toBe(path);
    expect(upstream.requests[0]?.headers['x-goog-api-key']).toBeUndefined();
  });

  it('cuts text and thoughts into chunkSize pieces (code points, never a split surrogate pair)', async () => {
    const other = await startFakeGeminiUpstream({ chunkSize: 3 });
    try {
      other.enqueue({ kind: 'message', thoughts: { text: 'abcdefg' }, text: '😀😀😀😀' });
      const response = await postJson(other.url, `${STREAM_PATH}?alt=sse`, REQUEST);
      const parts = parseSseJson(await response.text()).map((event) => readPart(event.data));
      expect(parts).toEqual([
        { text: 'abc', thought: true },
        { text: 'def', thought: true },
        { text: 'g', thought: true },
        { text: '😀😀😀', thoughtSignature: expect.any(String) as unknown },
        { text: '😀' },
      ]);
    } finally {
      await other.close();
    }
  });
});

function readPart(data: unknown): unknown {
  const chunk = data as { candidates?: { content?: { parts?: unknown[] } }[] };
  return chunk.candidates?.[0]?.content?.parts?.[0];
}

function readText(data: unknown): string {
  return (readPart(data) as { text?: string } | undefined)?.text ?? '';
}

function withoutResponseId(chunk: unknown): unknown {
  const { responseId: _responseId, ...rest } = chunk as Record<string, unknown>;
  return rest;
}
