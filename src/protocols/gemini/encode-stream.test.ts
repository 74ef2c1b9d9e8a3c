import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import type { ClientExchange } from '../protocol.js';
import { decodeGeminiEvents, readGeminiChunks, streamOf } from './__fixtures__/stream-test-support.js';
import { encodeGeminiStream } from './encode-stream.js';

const USAGE: IrUsage = {
  inputTokens: 10,
  outputTokens: 5,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
};

/** A streamed answer as the Anthropic decoder makes it: thinking, text, a tool call. */
const ANTHROPIC_STREAM: IrStreamPart[] = [
  { type: 'response-start', id: 'msg_01', model: 'claude-sonnet-4-5' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Think.' },
  { type: 'reasoning-signature', index: 0, signature: { provider: 'anthropic', value: 'EqQB' } },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Hello' },
  { type: 'text-delta', index: 1, text: ' world' },
  { type: 'text-end', index: 1 },
  { type: 'tool-input-start', index: 2, id: 'toolu_01', name: 'Read' },
  { type: 'tool-input-delta', index: 2, json: '{"file_' },
  { type: 'tool-input-delta', index: 2, json: 'path":"/a"}' },
  { type: 'tool-input-end', index: 2 },
  { type: 'usage', usage: { outputTokens: 3 } },
  { type: 'keep-alive' },
  { type: 'finish', finishReason: 'tool-use', usage: USAGE },
];

async function encode(parts: readonly IrStreamPart[], framing?: 'sse' | 'json-array'): Promise<string[]> {
  const client: ClientExchange = {
    requestedModel: 'gemini-alias',
    includeUsage: true,
    streamFraming: framing,
  };
  const out: string[] = [];
  for await (const text of encodeGeminiStream(streamOf(parts), client)) out.push(text);
  return out;
}

function sseData(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => JSON.parse(event.slice('data: '.length)) as unknown);
}

const content = (parts: unknown[]): unknown => ({
  candidates: [{ content: { role: 'model', parts }, index: 0 }],
  modelVersion: 'claude-sonnet-4-5',
  responseId: 'msg_01',
});

const EXPECTED_CHUNKS = [
  content([{ text: 'Think.', thought: true }]),
  content([{ text: '', thought: true, thoughtSignature: 'sb1.anthropic.EqQB' }]),
  content([{ text: 'Hello' }]),
  content([{ text: ' world' }]),
  content([{ functionCall: { name: 'Read', args: { file_path: '/a' } } }]),
  {
    candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'claude-sonnet-4-5',
    responseId: 'msg_01',
  },
];

describe('encodeGeminiStream: framing', () => {
  it('sse: one data event per chunk, a comment for keep-alive', async () => {
    const events = await encode(ANTHROPIC_STREAM);
    expect(events.every((event) => event.endsWith('\n\n'))).toBe(true);
    expect(events).toContain(': keep-alive\n\n');
    expect(sseData(events.join(''))).toEqual(EXPECTED_CHUNKS);
  });

  it('json-array: "[" + chunks joined by ",\\r\\n" + "]", written element by element', async () => {
    const pieces = await encode(ANTHROPIC_STREAM, 'json-array');
    expect(pieces[0]?.startsWith('[{')).toBe(true);
    expect(pieces.slice(1, -1).every((piece) => piece.startsWith(',\r\n{'))).toBe(true);
    expect(pieces[pieces.length - 1]?.endsWith('}]')).toBe(true);
    expect(JSON.parse(pieces.join('')) as unknown).toEqual(EXPECTED_CHUNKS);
  });

  it('json-array with an error before any chunk is a one-element array', async () => {
    const error = new GatewayError('upstream_timeout', 504, 'Too slow.');
    expect(JSON.parse((await encode([{ type: 'error', error }], 'json-array')).join('')) as unknown).toEqual([
      { error: { code: 504, message: 'Too slow.', status: 'DEADLINE_EXCEEDED' } },
    ]);
  });

  it('a stream ending without finish ends with an error chunk', async () => {
    const events = await encode([{ type: 'response-start', id: 'r', model: 'm' }]);
    expect(sseData(events.join(''))).toEqual([
      {
        error: { code: 502, message: 'The upstream stream ended before it finished.', status: 'UNAVAILABLE' },
      },
    ]);
  });

  it('Gemini → IR → Gemini keeps the chunks’ parts and signatures', async () => {
    const { parts } = await decodeGeminiEvents(readGeminiChunks('gemini-function-call.1.chunks.txt'));
    const chunks = sseData((await encode(parts)).join('')) as {
      candidates?: { content: { parts: unknown[] } }[];
    }[];
    expect(chunks.flatMap((chunk) => chunk.candidates?.[0]?.content.parts ?? [])).toEqual([
      { text: "I'll check the weather.", thought: true },
      {
        functionCall: { id: 'g1bmv6il', name: 'get_weather', args: { location: 'Paris', unit: 'celsius' } },
        thoughtSignature: 'EuYDCuMDAdHtim9zaWduYXR1cmUtY2FsbA==',
      },
    ]);
  });
});

describe('encodeGeminiStream: read by @google/genai', () => {
  let server: Server;
  let baseUrl: string;
  let reply: IrStreamPart[] = ANTHROPIC_STREAM;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        void (async () => {
          for (const text of await encode(reply)) response.write(text);
          response.end();
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function readWithSdk(): Promise<GenerateContentResponse[]> {
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl } });
    const stream = await ai.models.generateContentStream({ model: 'gemini-alias', contents: 'Hi' });
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  }

  it('reads text, thoughts, the function call, finish reason and usage', async () => {
    reply = ANTHROPIC_STREAM;
    const chunks = await readWithSdk();
    expect(seen).toContain('POST /v1beta/models/gemini-alias:streamGenerateContent?alt=sse');
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('Hello world');
    expect(chunks.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual([
      { name: 'Read', args: { file_path: '/a' } },
    ]);
    const last = chunks[chunks.length - 1];
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata).toMatchObject({ promptTokenCount: 10, candidatesTokenCount: 5 });
    expect(last?.responseId).toBe('msg_01');
  });

  it('raises an error chunk mid-stream as an ApiError with its status', async () => {
    reply = [
      { type: 'response-start', id: 'r', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Once' },
      { type: 'error', error: new GatewayError('overloaded', 503, 'The upstream is overloaded.') },
    ];
    const error = await readWithSdk().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).message).toContain('The upstream is overloaded.');
  });
});
