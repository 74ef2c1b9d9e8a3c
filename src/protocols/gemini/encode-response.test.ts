import { GenerateContentResponse } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { IrResponse } from '../../ir/response.js';
import type { ClientExchange } from '../protocol.js';
import { decodeGeminiResponse } from './decode-response.js';
import { encodeGeminiResponse } from './encode-response.js';

const CLIENT: ClientExchange = { requestedModel: 'gemini-2.5-pro', includeUsage: true };

/** An answer as the Anthropic decoder makes it (built by hand). */
const ANTHROPIC_ANSWER: IrResponse = {
  id: 'msg_01',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'reasoning', text: 'Think.', signature: { provider: 'anthropic', value: 'EqQB' } },
    { type: 'text', text: 'Reading it.' },
    { type: 'tool-use', id: 'toolu_01', name: 'Read', input: { file_path: '/a' } },
    { type: 'redacted-reasoning', data: 'X', provider: 'anthropic' },
    { type: 'opaque', format: 'anthropic', value: { type: 'server_tool_use' } },
  ],
  finishReason: 'tool-use',
  usage: {
    inputTokens: 10,
    outputTokens: 20,
    cacheReadInputTokens: 90,
    cacheCreationInputTokens: 5,
    reasoningTokens: 8,
  },
  extensions: {},
};

describe('encodeGeminiResponse', () => {
  it('writes a GenerateContentResponse in the reference shape', () => {
    expect(encodeGeminiResponse(ANTHROPIC_ANSWER, CLIENT)).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Think.', thought: true, thoughtSignature: 'sb1.anthropic.EqQB' },
              { text: 'Reading it.' },
              { functionCall: { name: 'Read', args: { file_path: '/a' } } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 105,
        candidatesTokenCount: 12,
        thoughtsTokenCount: 8,
        cachedContentTokenCount: 90,
        totalTokenCount: 125,
      },
      modelVersion: 'claude-sonnet-4-5',
      responseId: 'msg_01',
    });
  });

  it('the SDK reads it: text without thoughts, function calls', () => {
    const sdk = Object.assign(new GenerateContentResponse(), encodeGeminiResponse(ANTHROPIC_ANSWER, CLIENT));
    expect(sdk.text).toBe('Reading it.');
    expect(sdk.functionCalls).toEqual([{ name: 'Read', args: { file_path: '/a' } }]);
  });

  it('Gemini → IR → Gemini gives the upstream answer back', () => {
    const upstream = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Hmm.', thought: true },
              { text: 'Hello', thoughtSignature: 'T' },
              { functionCall: { id: 'q1', name: 'f', args: { a: 1 } }, thoughtSignature: 'C' },
              { inlineData: { mimeType: 'image/png', data: 'PNG' } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
          groundingMetadata: { webSearchQueries: ['weather'] },
        },
      ],
      usageMetadata: {
        promptTokenCount: 30,
        candidatesTokenCount: 7,
        totalTokenCount: 47,
        thoughtsTokenCount: 10,
      },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'r9',
      promptFeedback: { safetyRatings: [] },
    };
    const exchange = { toolNames: new Map<string, string>(), providerId: 'gemini', model: 'gemini-2.5-pro' };
    expect(encodeGeminiResponse(decodeGeminiResponse(upstream, exchange), CLIENT)).toEqual(upstream);
  });
});
