import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrWarning } from '../../ir/warning.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeGeminiResponse } from './decode-response.js';

const EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'gemini', model: 'gemini-2.5-pro' };

/** A `generateContent` answer as the "Generating content" reference and "Thought signatures" guide show it. */
const ANSWER = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'Weighing the options.', thought: true },
          { text: 'Checking both cities.', thoughtSignature: 'TEXT_SIG' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CALL_SIG' },
          { functionCall: { name: 'get_weather', args: { city: 'London' } } },
          { executableCode: { language: 'PYTHON', code: 'print(1)' } },
        ],
      },
      finishReason: 'STOP',
      index: 0,
      safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
    },
  ],
  usageMetadata: {
    promptTokenCount: 1200,
    candidatesTokenCount: 40,
    totalTokenCount: 1300,
    cachedContentTokenCount: 1000,
    thoughtsTokenCount: 60,
  },
  modelVersion: 'gemini-2.5-pro',
  responseId: 'resp-123',
};

describe('decodeGeminiResponse', () => {
  it('maps parts, signatures, calls, finish reason, usage and extras', () => {
    const response = decodeGeminiResponse(ANSWER, EXCHANGE);
    expect(response).toEqual({
      id: 'resp-123',
      model: 'gemini-2.5-pro',
      content: [
        { type: 'reasoning', text: 'Weighing the options.' },
        { type: 'text', text: 'Checking both cities.' },
        { type: 'reasoning', text: '', signature: { provider: 'gemini', value: 'TEXT_SIG' } },
        {
          type: 'tool-use',
          id: expect.stringMatching(/^call_[0-9a-f]{8}_0$/) as unknown,
          name: 'get_weather',
          input: { city: 'Paris' },
          signature: { provider: 'gemini', value: 'CALL_SIG' },
        },
        {
          type: 'tool-use',
          id: expect.stringMatching(/^call_[0-9a-f]{8}_1$/) as unknown,
          name: 'get_weather',
          input: { city: 'London' },
        },
        {
          type: 'opaque',
          format: 'gemini',
          value: { executableCode: { language: 'PYTHON', code: 'print(1)' } },
        },
      ],
      finishReason: 'tool-use',
      usage: {
        inputTokens: 200,
        outputTokens: 100,
        cacheReadInputTokens: 1000,
        cacheCreationInputTokens: 0,
        reasoningTokens: 60,
      },
      extensions: {
        gemini: {
          candidate: { safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }] },
        },
      },
    });
  });

  it('Gemini call ids are marked; signatures belong to the upstream that answered', () => {
    const response = decodeGeminiResponse(
      {
        candidates: [
          {
            content: { parts: [{ functionCall: { id: 'k3j', name: 'f', args: {} }, thoughtSignature: 'S' }] },
            finishReason: 'STOP',
          },
        ],
      },
      { ...EXCHANGE, providerId: 'vertex' },
    );
    expect(response.content).toEqual([
      {
        type: 'tool-use',
        id: 'gemini_k3j',
        name: 'f',
        input: {},
        signature: { provider: 'vertex', value: 'S' },
      },
    ]);
    expect(response.model).toBe('gemini-2.5-pro');
    expect(response.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a blocked prompt is a refusal without content', () => {
    const response = decodeGeminiResponse(
      { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } },
      EXCHANGE,
    );
    expect(response).toMatchObject({
      content: [],
      finishReason: 'refusal',
      extensions: { gemini: { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } } },
    });
  });

  it('warns about candidates after the first', () => {
    const warnings: IrWarning[] = [];
    decodeGeminiResponse(
      { candidates: [{ content: { parts: [{ text: 'a' }] } }, { content: { parts: [{ text: 'b' }] } }] },
      EXCHANGE,
      { onWarning: (warning) => warnings.push(warning) },
    );
    expect(warnings).toEqual([
      { code: 'dropped-block', message: 'Candidates after the first were ignored.' },
    ]);
  });

  it.each([
    [
      'an error envelope',
      { error: { code: 500, message: 'Internal error', status: 'INTERNAL' } },
      'Internal error',
    ],
    ['not an answer', { candidates: 'nope' }, 'not a Gemini answer'],
  ])('%s → 502', (_name, body, message) => {
    expect(() => decodeGeminiResponse(body, EXCHANGE)).toThrow(GatewayError);
    expect(() => decodeGeminiResponse(body, EXCHANGE)).toThrow(message);
  });
});
