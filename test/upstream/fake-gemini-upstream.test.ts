// The official @google/genai SDK against the fake: if the SDK accepts what the fake sends (JSON bodies, SSE
// chunks, function calls, thoughts, token counts, model pages), the fake's shapes are the ones it expects.
import { GoogleGenAI, type GenerateContentResponse, type Model } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GEMINI_THOUGHT_SIGNATURE } from './fake-gemini-reply.js';
import {
  DEFAULT_GEMINI_REPLY_TEXT,
  DEFAULT_GEMINI_REPLY_THOUGHT,
  startFakeGeminiUpstream,
  type FakeGeminiUpstream,
} from './fake-gemini-upstream.js';

const API_KEY = 'AIza-fake-gemini-key';
const MODEL = 'gemini-fake-1';
const WEATHER_ARGS = { location: 'Paris, France', unit: 'celsius', days: [1, 2, 3] };

let upstream: FakeGeminiUpstream;
let ai: GoogleGenAI;

beforeAll(async () => {
  upstream = await startFakeGeminiUpstream({
    apiKey: API_KEY,
    models: ['gemini-fake-1', 'models/gemini-fake-2'],
  });
  ai = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: upstream.url } });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('models.generateContent', () => {
  it('returns the default text with usage counted from the request body, the model echoed', async () => {
    const response = await ai.models.generateContent({ model: 'gemini-echo-me', contents: 'Hello' });
    expect(response.text).toBe(DEFAULT_GEMINI_REPLY_TEXT);
    expect(response.modelVersion).toBe('gemini-echo-me');
    expect(response.responseId).toMatch(/^fake-gemini-response-\d+$/);
    expect(response.candidates?.[0]).toMatchObject({
      finishReason: 'STOP',
      index: 0,
      content: { role: 'model' },
    });
    const promptTokenCount = Math.ceil((upstream.requests[0]?.rawBody ?? '').length / 4);
    const candidatesTokenCount = Math.ceil(DEFAULT_GEMINI_REPLY_TEXT.length / 4);
    expect(response.usageMetadata).toEqual({
      promptTokenCount,
      candidatesTokenCount,
      totalTokenCount: promptTokenCount + candidatesTokenCount,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
    });
    expect(upstream.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1beta/models/gemini-echo-me:generateContent',
    });
    expect(upstream.requests[0]?.headers['x-goog-api-key']).toBe(API_KEY);
  });

  it('returns scripted function calls whole, ids and signatures as scripted', async () => {
    upstream.enqueue({
      kind: 'message',
      functionCalls: [
        { name: 'get_weather', args: WEATHER_ARGS, id: 'call-1', thoughtSignature: 'c2lnLTE=' },
        { name: 'search', args: {} },
      ],
    });
    const response = await ai.models.generateContent({ model: MODEL, contents: 'Weather?' });
    expect(response.functionCalls).toEqual([
      { name: 'get_weather', args: WEATHER_ARGS, id: 'call-1' },
      { name: 'search', args: {} },
    ]);
    expect(response.candidates?.[0]?.content?.parts?.map((part) => part.thoughtSignature)).toEqual([
      'c2lnLTE=',
      undefined,
    ]);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
  });

  it('adds a signed thought part when the request sets includeThoughts, and counts thought tokens', async () => {
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: 'Hello',
      config: { thinkingConfig: { includeThoughts: true } },
    });
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: DEFAULT_GEMINI_REPLY_THOUGHT, thought: true },
      { text: DEFAULT_GEMINI_REPLY_TEXT, thoughtSignature: DEFAULT_GEMINI_THOUGHT_SIGNATURE },
    ]);
    expect(response.text).toBe(DEFAULT_GEMINI_REPLY_TEXT);
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(
      Math.ceil(DEFAULT_GEMINI_REPLY_THOUGHT.length / 4),
    );
    const body = upstream.requests[0]?.body as { generationConfig?: unknown };
    expect(body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
  });

  it('puts a scripted thought signature on the first function call and applies finish reason and usage', async () => {
    upstream.enqueue({
      kind: 'message',
      text: 'Cut',
      thoughts: { text: 'Plan the call.', signature: 'dGhvdWdodA==' },
      functionCalls: [{ name: 'lookup', args: { q: 'x' } }],
      finishReason: 'MAX_TOKENS',
      usage: { promptTokenCount: 100, candidatesTokenCount: 7, cachedContentTokenCount: 64 },
    });
    const response = await ai.models.generateContent({ model: MODEL, contents: 'Go' });
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: 'Plan the call.', thought: true },
      { text: 'Cut' },
      { functionCall: { name: 'lookup', args: { q: 'x' } }, thoughtSignature: 'dGhvdWdodA==' },
    ]);
    expect(response.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: 100,
      candidatesTokenCount: 7,
      cachedContentTokenCount: 64,
      thoughtsTokenCount: 4,
      totalTokenCount: 111,
    });
  });
});

describe('models.generateContentStream', () => {
  it('yields one chunk per chunkSize piece, the text joining to the reply, finish and usage on the last', async () => {
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: 'Hello' });
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(Math.ceil(DEFAULT_GEMINI_REPLY_TEXT.length / 8));
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(DEFAULT_GEMINI_REPLY_TEXT);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usageMetadata === undefined)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates?.[0]?.finishReason === undefined)).toBe(
      true,
    );
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata?.candidatesTokenCount).toBe(
      Math.ceil(DEFAULT_GEMINI_REPLY_TEXT.length / 4),
    );
    expect(new Set(chunks.map((chunk) => chunk.responseId)).size).toBe(1);
    expect(upstream.requests[0]?.path).toBe('/v1beta/models/gemini-fake-1:streamGenerateContent?alt=sse');
  });

  it('streams thoughts first, then text, then each function call whole in its own chunk', async () => {
    upstream.enqueue({
      kind: 'message',
      thoughts: { text: 'Think about the weather.' },
      text: 'Checking.',
      functionCalls: [
        { name: 'get_weather', args: WEATHER_ARGS, id: 'fc-1' },
        { name: 'get_time', args: { zone: 'CET' } },
      ],
      usageOnEveryChunk: true,
    });
    const stream = await ai.models.generateContentStream({ model: MODEL, contents: 'Weather?' });
    const parts: unknown[] = [];
    const usages: (number | undefined)[] = [];
    for await (const chunk of stream) {
      expect(chunk.candidates?.[0]?.content?.parts).toHaveLength(1);
      parts.push(chunk.candidates?.[0]?.content?.parts?.[0]);
      usages.push(chunk.usageMetadata?.totalTokenCount);
    }
    const thoughtText = parts.filter((part) => (part as { thought?: boolean }).thought === true);
    expect(thoughtText.map((part) => (part as { text: string }).text).join('')).toBe(
      'Think about the weather.',
    );
    expect(parts.slice(-2)).toEqual([
      {
        functionCall: { name: 'get_weather', args: WEATHER_ARGS, id: 'fc-1' },
        thoughtSignature: DEFAULT_GEMINI_THOUGHT_SIGNATURE,
      },
      { functionCall: { name: 'get_time', args: { zone: 'CET' } } },
    ]);
    expect(usages.every((total) => total !== undefined)).toBe(true);
    expect(usages).toEqual([...usages].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });
});

describe('models.countTokens and models.list', () => {
  it('counts ceil(body characters / 4)', async () => {
    const counted = await ai.models.countTokens({ model: MODEL, contents: 'How many tokens is this?' });
    const totalTokens = Math.ceil((upstream.requests[0]?.rawBody ?? '').length / 4);
    expect(counted.totalTokens).toBe(totalTokens);
    expect(upstream.requests[0]?.path).toBe('/v1beta/models/gemini-fake-1:countTokens');
  });

  it('lists the configured models, one page at a time when pageSize is small', async () => {
    const listed: Model[] = [];
    for await (const model of await ai.models.list({ config: { pageSize: 1 } })) listed.push(model);
    expect(listed.map((model) => model.name)).toEqual(['models/gemini-fake-1', 'models/gemini-fake-2']);
    expect(listed[0]).toMatchObject({
      displayName: 'Gemini Fake 1',
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedActions: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
      thinking: true,
    });
    expect(upstream.requests.map((request) => request.method)).toEqual(['GET', 'GET']);
    expect(upstream.requests[1]?.path).toMatch(/^\/v1beta\/models\?pageSize=1&pageToken=/);
  });

  it('gets one model, and 404s an unknown one', async () => {
    expect(await ai.models.get({ model: 'gemini-fake-2' })).toMatchObject({ name: 'models/gemini-fake-2' });
    await expect(ai.models.get({ model: 'gemini-nope' })).rejects.toMatchObject({ status: 404 });
  });
});
