import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { encodeGeminiCountTokens } from './encode-count-tokens.js';
import { geminiProtocol } from './gemini-protocol.js';
import { normalizeGeminiRequestKeys } from './normalize-request-keys.js';

describe('geminiProtocol', () => {
  it('is the gemini format and wires every mapper', () => {
    expect(geminiProtocol.format).toBe('gemini');
    const { request, client } = geminiProtocol.decodeRequest(
      { contents: [{ parts: [{ text: 'Hi' }] }] },
      { model: 'gemini-2.5-flash', stream: true },
    );
    expect(request).toMatchObject({ model: 'gemini-2.5-flash', stream: true });
    expect(client.streamFraming).toBe('sse');
    const encoded = geminiProtocol.encodeRequest(request, { providerId: 'gemini', model: 'gemini-2.5-pro' });
    expect(encoded.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
    expect(geminiProtocol.encodeError(new InvalidRequestError('bad'), 'req_9')).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT' },
    });
  });

  it('refuses a request without a model in the URL', () => {
    expect(() => geminiProtocol.decodeRequest({ contents: [] })).toThrow(InvalidRequestError);
  });
});

describe('encodeGeminiCountTokens', () => {
  it.each([
    [42, { totalTokens: 42 }],
    [41.6, { totalTokens: 42 }],
    [-1, { totalTokens: 0 }],
    [Number.NaN, { totalTokens: 0 }],
  ])('%d → %o', (count, body) => {
    expect(encodeGeminiCountTokens(count)).toEqual(body);
  });
});

describe('normalizeGeminiRequestKeys', () => {
  it('renames the structure, not the client’s values; camelCase wins', () => {
    expect(
      normalizeGeminiRequestKeys({
        generation_config: { max_output_tokens: 5 },
        generationConfig: { maxOutputTokens: 6 },
        contents: [{ parts: [{ function_call: { name: 'f', args: { snake_key: 1 } } }] }],
        tools: [{ function_declarations: [{ name: 'f', parameters: { properties: { a_b: {} } } }] }],
        safety_settings: [{ category: 'X', threshold: 'BLOCK_NONE' }],
      }),
    ).toEqual({
      generationConfig: { maxOutputTokens: 6 },
      contents: [{ parts: [{ functionCall: { name: 'f', args: { snake_key: 1 } } }] }],
      tools: [{ functionDeclarations: [{ name: 'f', parameters: { properties: { a_b: {} } } }] }],
      safetySettings: [{ category: 'X', threshold: 'BLOCK_NONE' }],
    });
  });
});
