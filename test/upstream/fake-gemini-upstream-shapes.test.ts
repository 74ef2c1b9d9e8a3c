// Compares what the fake sends with the recorded Gemini API examples in __fixtures__/gemini-*: the same JSON
// keys (nothing missing, nothing the recordings do not show, bar GEMINI_KEYS_NOT_EMULATED), chunk by chunk for
// streams, and the error bodies value for value.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listKeyPaths } from './anthropic-reference-fixtures.js';
import { buildGeminiModelNotFoundError, buildGeminiQuotaError } from './fake-gemini-reply.js';
import { startFakeGeminiUpstream, type FakeGeminiUpstream } from './fake-gemini-upstream.js';
import {
  GEMINI_JSON_SCENARIOS,
  GEMINI_STREAM_SCENARIOS,
  listEmulatedKeyPaths,
  readGeminiFixtureSource,
  readGeminiJsonFixture,
  readGeminiStreamFixture,
  readGeminiStreamFixtureText,
} from './gemini-reference-fixtures.js';
import { parseSseJson } from './read-sse.js';
import { postJson } from './send-test-request.js';

const API_KEY = 'AIza-fake-gemini-key';
const AUTH = { 'x-goog-api-key': API_KEY };
const REQUEST = { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] };
const MODEL_PATH = '/v1beta/models/gemini-fake-1';

let upstream: FakeGeminiUpstream;

beforeAll(async () => {
  upstream = await startFakeGeminiUpstream({ apiKey: API_KEY });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('the reference fixtures', () => {
  it.each(GEMINI_STREAM_SCENARIOS)('%s names its source and holds whole responses', (scenario) => {
    expect(readGeminiStreamFixtureText(scenario)).toMatch(/^: source: .+ https:\/\/ai\.google\.dev\/\S+/);
    for (const event of readGeminiStreamFixture(scenario)) {
      expect(event.event).toBeUndefined();
      expect(event.data).toMatchObject({
        candidates: [{ index: 0 }],
        modelVersion: expect.any(String) as unknown,
      });
    }
  });

  it.each(GEMINI_JSON_SCENARIOS)('%s names its source (title and URL)', (scenario) => {
    expect(readGeminiFixtureSource(scenario)).toMatchObject({
      title: expect.any(String) as unknown,
      url: expect.stringMatching(/^https:\/\//) as unknown,
    });
    expect(readGeminiJsonFixture(scenario)).toBeDefined();
  });
});

describe('GenerateContentResponse bodies', () => {
  it('a text answer with a thought signature has the keys of the recorded body', async () => {
    upstream.enqueue({ kind: 'message', text: 'Three.', thoughts: { text: 'Count.' } });
    const body = (await post(`${MODEL_PATH}:generateContent`)) as {
      candidates: { content: { parts: unknown[] } }[];
    };
    body.candidates[0]?.content.parts.shift(); // the recording was made without includeThoughts
    expect(listKeyPaths(body)).toEqual(listEmulatedKeyPaths(readGeminiJsonFixture('generate-content')));
  });

  it('a function call answer has the keys of the recorded body', async () => {
    upstream.enqueue({
      kind: 'message',
      functionCalls: [{ name: 'weather', args: { location: 'x' }, thoughtSignature: 's' }],
    });
    const body = await post(`${MODEL_PATH}:generateContent`);
    const reference = listEmulatedKeyPaths(readGeminiJsonFixture('function-call'));
    expect(listKeyPaths(body).filter((path) => !path.startsWith('usageMetadata.thoughts'))).toEqual(
      reference.filter((path) => !path.startsWith('usageMetadata.thoughts')),
    );
  });
});

describe('stream chunks', () => {
  it('text chunks match the recorded text chunks, part and usage keys included', async () => {
    upstream.enqueue({
      kind: 'message',
      thoughts: { text: 'Brief.' },
      text: 'A longer answer text.',
      usageOnEveryChunk: true,
    });
    const chunks = await postForChunks();
    const reference = readGeminiStreamFixture('basic-text').map((event) => event.data);
    const textChunks = chunks.filter(
      (chunk) => !listKeyPaths(chunk).includes('candidates[].content.parts[].thought'),
    );
    expect(listKeyPaths(textChunks[1])).toEqual(listEmulatedKeyPaths(reference[0]));
    const last = listKeyPaths(chunks.at(-1));
    const referenceLast = listEmulatedKeyPaths(reference.at(-1));
    // The fake signs the first answer piece; Gemini 3 sends the signature in a closing empty text part.
    expect(referenceLast.filter((path) => !last.includes(path))).toEqual([
      'candidates[].content.parts[].thoughtSignature',
    ]);
    expect(last.filter((path) => !referenceLast.includes(path))).toEqual([]);
  });

  it('a function call chunk matches the recorded one: whole call with id, signature beside it', async () => {
    upstream.enqueue({
      kind: 'message',
      functionCalls: [
        { name: 'get_weather', args: { city: 'SF' }, id: 'g1', thoughtSignature: 's' },
        { name: 'get_weather', args: { city: 'LA' }, id: 'g2' },
      ],
    });
    const chunks = await postForChunks();
    const reference = readGeminiStreamFixture('function-call-stream').map((event) => event.data);
    const referenceCall = listEmulatedKeyPaths(reference[1]).filter(
      (path) => !path.startsWith('usageMetadata'),
    );
    expect(listKeyPaths(chunks[0]).filter((path) => !path.startsWith('usageMetadata'))).toEqual(
      referenceCall,
    );
  });

  it('thought chunks carry {text, thought: true}; every key sent appears in some recording', async () => {
    upstream.enqueue({
      kind: 'message',
      thoughts: { text: 'A thought summary.' },
      functionCalls: [{ name: 'fetch', args: { url: 'https://example.com' } }],
      text: 'another text',
      usageOnEveryChunk: true,
    });
    const chunks = await postForChunks();
    const thoughts = readGeminiStreamFixture('thoughts-stream').map((event) => event.data);
    expect(listKeyPaths(chunks[0]).filter(isPartPath)).toEqual(
      listEmulatedKeyPaths(thoughts[0]).filter(isPartPath),
    );
    const recorded = new Set(
      GEMINI_STREAM_SCENARIOS.flatMap((scenario) => readGeminiStreamFixture(scenario)).flatMap((event) =>
        listEmulatedKeyPaths(event.data),
      ),
    );
    for (const chunk of chunks) expect(listKeyPaths(chunk).filter((path) => !recorded.has(path))).toEqual([]);
  });
});

describe('countTokens, models.list and error bodies', () => {
  it('countTokens and models.list have the keys of the reference bodies', async () => {
    const counted = await post(`${MODEL_PATH}:countTokens`);
    expect(listKeyPaths(counted)).toEqual(listKeyPaths(readGeminiJsonFixture('count-tokens')));
    const models = await (await fetch(`${upstream.url}/v1beta/models`, { headers: AUTH })).json();
    expect(listKeyPaths(models)).toEqual(listKeyPaths(readGeminiJsonFixture('models-list')));
  });

  it('a wrong key on a non-SSE stream answers the recorded array-wrapped 400, value for value', async () => {
    const response = await postJson(upstream.url, `${MODEL_PATH}:streamGenerateContent`, REQUEST, {
      'x-goog-api-key': 'wrong',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(readGeminiJsonFixture('error-api-key-invalid'));
  });

  it('a missing key and an unknown model answer the recorded bodies', async () => {
    const missing = await postJson(upstream.url, `${MODEL_PATH}:generateContent`, REQUEST);
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual(readGeminiJsonFixture('error-missing-key'));
    upstream.enqueue(buildGeminiModelNotFoundError('gemini-2.0-flash-live-001'));
    const notFound = await postJson(
      upstream.url,
      '/v1beta/models/gemini-2.0-flash-live-001:generateContent',
      REQUEST,
      AUTH,
    );
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual(readGeminiJsonFixture('error-not-found'));
  });

  it('a quota 429 has every key of the recorded one, retryDelay as a Duration', async () => {
    upstream.enqueue(buildGeminiQuotaError('gemini-fake-1', 34));
    const response = await postJson(upstream.url, `${MODEL_PATH}:generateContent`, REQUEST, AUTH);
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { details: Record<string, unknown>[] } };
    const keys = listKeyPaths(body);
    expect(listKeyPaths(readGeminiJsonFixture('error-quota')).filter((path) => !keys.includes(path))).toEqual(
      [],
    );
    expect(body.error.details.at(-1)).toEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '34s',
    });
  });
});

async function post(path: string): Promise<unknown> {
  const response = await postJson(upstream.url, path, REQUEST, AUTH);
  expect(response.status).toBe(200);
  return response.json();
}

async function postForChunks(): Promise<unknown[]> {
  const response = await postJson(upstream.url, `${MODEL_PATH}:streamGenerateContent?alt=sse`, REQUEST, AUTH);
  return parseSseJson(await response.text()).map((event) => event.data);
}

function isPartPath(path: string): boolean {
  return path.startsWith('candidates[].content');
}
