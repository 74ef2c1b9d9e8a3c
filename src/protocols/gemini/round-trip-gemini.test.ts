import { describe, expect, it } from 'vitest';
import type { UpstreamTarget } from '../protocol.js';
import { decodeGeminiRequest } from './decode-request.js';
import { encodeGeminiRequest } from './encode-request.js';

const GEMINI: UpstreamTarget = { providerId: 'gemini', model: 'gemini-3-pro-preview' };
const CONTEXT = { model: 'gemini-3-pro-preview', stream: true, streamFraming: 'sse' as const };

/** A Gemini client's request using every field the IR maps, and some it carries verbatim. */
const GEMINI_REQUEST = {
  systemInstruction: { parts: [{ text: 'You are a weather bot.' }, { text: 'Be brief.' }] },
  contents: [
    {
      role: 'user',
      parts: [
        { text: 'Weather in Paris and London? Here is a map.' },
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
        {
          fileData: {
            mimeType: 'application/pdf',
            fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc',
          },
        },
        { inlineData: { mimeType: 'audio/mp3', data: 'SUQz' } },
      ],
    },
    {
      role: 'model',
      parts: [
        { text: 'Looking both up.', thought: true },
        {
          functionCall: { id: 'g1', name: 'get_weather', args: { city: 'Paris' } },
          thoughtSignature: 'SIG_CALL',
        },
        { functionCall: { id: 'g2', name: 'get_weather', args: { city: 'London' } } },
      ],
    },
    {
      role: 'user',
      parts: [
        { functionResponse: { id: 'g1', name: 'get_weather', response: { result: '18°C, sunny' } } },
        { functionResponse: { id: 'g2', name: 'get_weather', response: { output: { temp: 12 } } } },
      ],
    },
    { role: 'model', parts: [{ text: 'Paris is sunny, London is 12°C.', thoughtSignature: 'SIG_TEXT' }] },
    { role: 'user', parts: [{ text: 'Thanks!' }] },
  ],
  tools: [
    {
      functionDeclarations: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string', description: 'City name' },
              unit: { type: 'string', enum: ['c', 'f'] },
            },
            required: ['city'],
          },
        },
        {
          name: 'lookup',
          parametersJsonSchema: {
            type: 'object',
            properties: { q: { type: 'string' } },
            additionalProperties: false,
          },
          behavior: 'NON_BLOCKING',
        },
      ],
    },
    { googleSearch: {} },
  ],
  toolConfig: {
    functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather', 'lookup'] },
    retrievalConfig: { languageCode: 'en' },
  },
  generationConfig: {
    maxOutputTokens: 2048,
    temperature: 0.4,
    topP: 0.9,
    topK: 32,
    stopSequences: ['END'],
    candidateCount: 1,
    responseMimeType: 'text/plain',
    seed: 7,
    thinkingConfig: { thinkingLevel: 'LOW', includeThoughts: true },
  },
  safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
  cachedContent: 'cachedContents/abc123',
};

describe('round trip: Gemini request → IR → Gemini', () => {
  it('gives the client request back, field for field', () => {
    const { request, client, warnings } = decodeGeminiRequest(GEMINI_REQUEST, CONTEXT);
    expect(warnings).toEqual([]);
    expect(client).toEqual({
      requestedModel: 'gemini-3-pro-preview',
      includeUsage: true,
      streamFraming: 'sse',
    });
    const encoded = encodeGeminiRequest(request, GEMINI);
    expect(encoded.body).toEqual(GEMINI_REQUEST);
    expect(encoded.warnings).toEqual([]);
    expect(encoded.exchange).toEqual({
      toolNames: new Map(),
      providerId: 'gemini',
      model: 'gemini-3-pro-preview',
    });
  });

  it('snake_case bodies (the reference curl examples) decode the same', () => {
    const snake = {
      system_instruction: { parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: 'AAAA' } }] }],
      generation_config: { max_output_tokens: 10, thinking_config: { thinking_budget: 0 } },
      tools: [
        {
          function_declarations: [
            { name: 'f', parameters: { type: 'object', properties: { a_b: { type: 'string' } } } },
          ],
        },
      ],
    };
    const { request } = decodeGeminiRequest(snake, CONTEXT);
    expect(request.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(request.messages[0]?.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
    ]);
    expect(request.maxTokens).toBe(10);
    expect(request.thinking).toEqual({ type: 'disabled' });
    expect(request.tools[0]).toMatchObject({ inputSchema: { properties: { a_b: { type: 'string' } } } });
  });

  it('calls without ids get call_<n>; responses match by id, else by name in order', () => {
    const { request } = decodeGeminiRequest(
      {
        contents: [
          { role: 'user', parts: [{ text: 'Go' }] },
          {
            role: 'model',
            parts: [
              { functionCall: { name: 'a', args: {} } },
              { functionCall: { name: 'b', args: {} } },
              { functionCall: { id: 'mine', name: 'a', args: {} } },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { id: 'mine', name: 'a', response: { result: '3' } } },
              { functionResponse: { name: 'b', response: { result: '2' } } },
              { functionResponse: { name: 'a', response: { result: '1' } } },
            ],
          },
        ],
      },
      CONTEXT,
    );
    expect(request.messages[1]?.content.map((part) => (part.type === 'tool-use' ? part.id : ''))).toEqual([
      'call_1',
      'call_2',
      'gemini_mine',
    ]);
    expect(
      request.messages[2]?.content.map((part) => (part.type === 'tool-result' ? part.toolUseId : '')),
    ).toEqual(['gemini_mine', 'call_2', 'call_1']);
    const body = encodeGeminiRequest(request, GEMINI).body as {
      contents: { parts: Record<string, unknown>[] }[];
    };
    expect(body.contents[1]?.parts.map((part) => part.functionCall)).toEqual([
      { name: 'a', args: {} },
      { name: 'b', args: {} },
      { id: 'mine', name: 'a', args: {} },
    ]);
    expect(body.contents[1]?.parts[0]?.thoughtSignature).toBe('skip_thought_signature_validator');
    expect(body.contents[2]?.parts.map((part) => part.functionResponse)).toEqual([
      { id: 'mine', name: 'a', response: { result: '3' } },
      { name: 'b', response: { result: '2' } },
      { name: 'a', response: { result: '1' } },
    ]);
  });
});
