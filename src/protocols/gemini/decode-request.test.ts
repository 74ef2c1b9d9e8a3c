import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrRequest } from '../../ir/request.js';
import { decodeGeminiRequest } from './decode-request.js';

const CONTEXT = { model: 'gemini-2.5-flash' };
const HELLO = [{ role: 'user', parts: [{ text: 'Hello' }] }];

function decode(fields: Record<string, unknown>): IrRequest {
  return decodeGeminiRequest({ contents: HELLO, ...fields }, CONTEXT).request;
}

describe('decodeGeminiRequest: fields', () => {
  const cases: [string, Record<string, unknown>, Partial<IrRequest>][] = [
    [
      'nothing but contents',
      {},
      { model: 'gemini-2.5-flash', system: [], tools: [], stopSequences: [], stream: false },
    ],
    ['maxOutputTokens → maxTokens', { generationConfig: { maxOutputTokens: 100 } }, { maxTokens: 100 }],
    [
      'sampling settings',
      { generationConfig: { temperature: 0, topP: 0.5, topK: 3 } },
      { temperature: 0, topP: 0.5, topK: 3 },
    ],
    ['stopSequences', { generationConfig: { stopSequences: ['a', 'b'] } }, { stopSequences: ['a', 'b'] }],
    [
      'thinkingBudget 0 → disabled',
      { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } },
      { thinking: { type: 'disabled' } },
    ],
    [
      'thinkingBudget -1 → adaptive',
      { generationConfig: { thinkingConfig: { thinkingBudget: -1 } } },
      { thinking: { type: 'adaptive' } },
    ],
    [
      'thinkingBudget n → enabled n',
      { generationConfig: { thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } } },
      { thinking: { type: 'enabled', budgetTokens: 2048 } },
    ],
    [
      'thinkingLevel HIGH → enabled 24576 + effort high',
      { generationConfig: { thinkingConfig: { thinkingLevel: 'HIGH' } } },
      { thinking: { type: 'enabled', budgetTokens: 24576 }, effort: 'high' },
    ],
    [
      'toolConfig AUTO → auto',
      { toolConfig: { functionCallingConfig: { mode: 'AUTO' } } },
      { toolChoice: { type: 'auto' } },
    ],
    [
      'toolConfig ANY → any',
      { toolConfig: { functionCallingConfig: { mode: 'ANY' } } },
      { toolChoice: { type: 'any' } },
    ],
    [
      'toolConfig ANY with one name → tool',
      { toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } } },
      { toolChoice: { type: 'tool', name: 'f' } },
    ],
    [
      'toolConfig NONE → none',
      { toolConfig: { functionCallingConfig: { mode: 'NONE' } } },
      { toolChoice: { type: 'none' } },
    ],
    [
      'toolConfig VALIDATED → auto, config kept',
      { toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } } },
      {
        toolChoice: { type: 'auto' },
        extensions: { gemini: { _layout: { functionCallingConfig: { mode: 'VALIDATED' } } } },
      },
    ],
    [
      'systemInstruction → system',
      { systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Be kind.' }] } },
      {
        system: [
          { type: 'text', text: 'Be brief.' },
          { type: 'text', text: 'Be kind.' },
        ],
      },
    ],
    [
      'unmapped fields → extensions.gemini',
      {
        safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
        cachedContent: 'cachedContents/x',
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: { type: 'OBJECT' },
          candidateCount: 1,
        },
      },
      {
        extensions: {
          gemini: {
            safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
            cachedContent: 'cachedContents/x',
            generationConfig: {
              responseMimeType: 'application/json',
              responseSchema: { type: 'OBJECT' },
              candidateCount: 1,
            },
          },
        },
      },
    ],
    [
      'function declarations and built-in tools',
      {
        tools: [
          {
            functionDeclarations: [
              {
                name: 'f',
                description: 'F',
                parameters: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
              },
              { name: 'g' },
            ],
          },
          { codeExecution: {} },
        ],
      },
      {
        tools: [
          {
            type: 'function',
            name: 'f',
            description: 'F',
            inputSchema: { type: 'object', properties: { a: { type: 'string' } } },
          },
          { type: 'function', name: 'g', inputSchema: { type: 'object', properties: {} } },
          { type: 'provider', format: 'gemini', name: 'codeExecution', value: { codeExecution: {} } },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (_name, fields, expected) => {
    expect(decode(fields)).toMatchObject(expected);
  });

  it('reads the model and streaming from the URL context', () => {
    const { request, client } = decodeGeminiRequest(
      { contents: HELLO },
      { model: 'gemini-3-flash', stream: true, streamFraming: 'json-array' },
    );
    expect(request).toMatchObject({ model: 'gemini-3-flash', stream: true });
    expect(client).toEqual({
      requestedModel: 'gemini-3-flash',
      includeUsage: true,
      streamFraming: 'json-array',
    });
  });
});

describe('decodeGeminiRequest: contents', () => {
  it('maps roles, thoughts, signatures, media and function turns', () => {
    const { request, warnings } = decodeGeminiRequest(
      {
        contents: [
          {
            parts: [
              { text: 'Look' },
              { inlineData: { mimeType: 'image/jpeg', data: '/9j/' } },
              { fileData: { mimeType: 'image/png', fileUri: 'gs://bucket/a.png' } },
              { inlineData: { mimeType: 'video/mp4', data: 'AAAA' } },
            ],
          },
          {
            role: 'model',
            parts: [
              { text: 'Plan', thought: true },
              { text: ' more', thought: true },
              { text: 'Answer', thoughtSignature: 'SIG' },
              { functionCall: { name: 'f', args: { x: 1 } }, thoughtSignature: 'sb1.anthropic.ANTH' },
            ],
          },
          { role: 'function', parts: [{ functionResponse: { name: 'f', response: { error: 'nope' } } }] },
        ],
      },
      CONTEXT,
    );
    expect(warnings).toEqual([]);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } },
          { type: 'image', source: { kind: 'url', url: 'gs://bucket/a.png' } },
          {
            type: 'opaque',
            format: 'gemini',
            value: { inlineData: { mimeType: 'video/mp4', data: 'AAAA' } },
          },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Plan more' },
          { type: 'text', text: 'Answer' },
          { type: 'reasoning', text: '', signature: { provider: 'gemini', value: 'SIG' } },
          {
            type: 'tool-use',
            id: 'call_1',
            name: 'f',
            input: { x: 1 },
            signature: { provider: 'anthropic', value: 'ANTH' },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolUseId: 'call_1',
            content: [{ type: 'text', text: 'nope' }],
            isError: true,
          },
        ],
      },
    ]);
  });

  it('joins streamed thought pieces with another provider’s signature that followed them', () => {
    const { request } = decodeGeminiRequest(
      {
        contents: [
          {
            role: 'model',
            parts: [
              { text: 'Think', thought: true },
              { text: 'ing', thought: true },
              { text: '', thought: true, thoughtSignature: 'sb1.anthropic.SIG' },
              { text: 'Gemini thought', thought: true },
              { text: '', thoughtSignature: 'GEMINI_OWN' },
            ],
          },
        ],
      },
      CONTEXT,
    );
    expect(request.messages[0]?.content).toEqual([
      { type: 'reasoning', text: 'Thinking', signature: { provider: 'anthropic', value: 'SIG' } },
      { type: 'reasoning', text: 'Gemini thought' },
      { type: 'reasoning', text: '', signature: { provider: 'gemini', value: 'GEMINI_OWN' } },
    ]);
  });

  it('a functionResponse answering no call gets an id and a warning', () => {
    const { request, warnings } = decodeGeminiRequest(
      { contents: [{ parts: [{ functionResponse: { name: 'f', response: { result: 'x' } } }] }] },
      CONTEXT,
    );
    expect(request.messages[0]?.content).toEqual([
      { type: 'tool-result', toolUseId: 'call_1', content: [{ type: 'text', text: 'x' }] },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['unmatched-tool-result']);
  });
});

describe('decodeGeminiRequest: refusals', () => {
  it.each([
    ['no model in the URL', { contents: HELLO }, {}, 'model is missing'],
    [
      'candidateCount above 1',
      { contents: HELLO, generationConfig: { candidateCount: 2 } },
      CONTEXT,
      'candidateCount',
    ],
    ['contents missing', {}, CONTEXT, 'contents'],
    [
      'a part field of the wrong type',
      { contents: [{ parts: [{ text: 5 }] }] },
      CONTEXT,
      'contents[0].parts[0].text',
    ],
    ['an unknown role', { contents: [{ role: 'assistant', parts: [] }] }, CONTEXT, 'contents[0].role'],
    [
      'thinkingBudget and thinkingLevel together',
      { contents: HELLO, generationConfig: { thinkingConfig: { thinkingBudget: 10, thinkingLevel: 'LOW' } } },
      CONTEXT,
      'cannot both be set',
    ],
  ])('%s → 400', (_name, body, context, message) => {
    expect(() => decodeGeminiRequest(body, context)).toThrow(InvalidRequestError);
    expect(() => decodeGeminiRequest(body, context)).toThrow(message);
  });
});
