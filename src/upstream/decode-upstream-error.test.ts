import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { UpstreamHttpError } from '../errors/upstream-error.js';
import { decodeUpstreamError, type UpstreamErrorAnswer } from './decode-upstream-error.js';

function answer(fields: Partial<UpstreamErrorAnswer> = {}): UpstreamErrorAnswer {
  return {
    upstreamId: 'deepseek',
    endpoint: 'https://api.deepseek.com/anthropic/v1/messages',
    status: 400,
    headers: {},
    body: '',
    ...fields,
  };
}

describe('decodeUpstreamError: bodies', () => {
  const longBody = `<html>${'x'.repeat(1000)}</html>`;

  it.each<[string, number, string, string, string | undefined]>([
    [
      // Anthropic API reference, "Errors" > "Error shapes" (example).
      'Anthropic envelope',
      404,
      '{"type":"error","error":{"type":"not_found_error","message":"The requested resource could not be found."},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}',
      "Upstream 'deepseek' answered 404: The requested resource could not be found.",
      'not_found_error',
    ],
    [
      'Anthropic overloaded envelope',
      529,
      '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      "Upstream 'deepseek' answered 529: Overloaded",
      'overloaded_error',
    ],
    [
      'OpenAI-style error object (type not kept)',
      400,
      '{"error":{"message":"Invalid model","type":"invalid_request_error","param":null,"code":null}}',
      "Upstream 'deepseek' answered 400: Invalid model",
      undefined,
    ],
    [
      'error object without a message: the body excerpt',
      500,
      '{"error":{"code":13}}',
      'Upstream \'deepseek\' answered 500: {"error":{"code":13}}',
      undefined,
    ],
    ['error as a string', 500, '{"error":"boom"}', "Upstream 'deepseek' answered 500: boom", undefined],
    ['detail', 404, '{"detail":"Not Found"}', "Upstream 'deepseek' answered 404: Not Found", undefined],
    [
      'top-level message',
      400,
      '{"message":"bad thing"}',
      "Upstream 'deepseek' answered 400: bad thing",
      undefined,
    ],
    [
      'non-JSON body',
      502,
      '<html><body>502 Bad Gateway</body></html>\n',
      "Upstream 'deepseek' answered 502: <html><body>502 Bad Gateway</body></html>",
      undefined,
    ],
    ['JSON that is not an object', 500, '"oops"', 'Upstream \'deepseek\' answered 500: "oops"', undefined],
    ['empty body', 503, '', "Upstream 'deepseek' answered 503: (empty body)", undefined],
    ['whitespace body', 503, ' \n ', "Upstream 'deepseek' answered 503: (empty body)", undefined],
    [
      'long non-JSON body cut to 500 characters',
      500,
      longBody,
      `Upstream 'deepseek' answered 500: ${longBody.slice(0, 500)}…`,
      undefined,
    ],
    [
      'body of exactly 500 characters kept whole',
      500,
      'y'.repeat(500),
      `Upstream 'deepseek' answered 500: ${'y'.repeat(500)}`,
      undefined,
    ],
  ])('%s', (_name, status, body, message, type) => {
    const error = decodeUpstreamError(answer({ status, body }));
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.message).toBe(message);
    expect(error.upstreamErrorType).toBe(type);
    expect(error.status).toBe(status);
    expect(error.upstreamStatus).toBe(status);
    expect(error.upstreamId).toBe('deepseek');
  });
});

describe('decodeUpstreamError: local server hints', () => {
  it.each([
    // LM Studio's answer with no model loaded.
    '{"error":"No models loaded. Please load a model in the developer page or use the `lms load` command."}',
    '{"error":{"message":"No models loaded. Please load a model in the developer page or use the `lms load` command."}}',
  ])('LM Studio with no model loaded: %s', (body) => {
    const error = decodeUpstreamError(answer({ upstreamId: 'lmstudio', status: 400, body }));
    expect(error.message).toMatch(/^Upstream 'lmstudio' answered 400: No models loaded\./);
    expect(error.message).toContain("no model is loaded on upstream 'lmstudio'");
    expect(error.message).toContain('lms load <model>');
  });

  it.each([
    ['{"error":"model \'llama3\' not found, try pulling it first"}', 'llama3'],
    ['{"error":"model \\"qwen3:32b\\" not found, try pulling it first"}', 'qwen3:32b'],
  ])('Ollama without the model: %s', (body, model) => {
    const error = decodeUpstreamError(answer({ upstreamId: 'ollama', status: 404, body }));
    expect(error.message).toMatch(
      /^Upstream 'ollama' answered 404: model .* not found, try pulling it first/,
    );
    expect(error.message).toContain(`ollama pull ${model}\``);
  });

  it('adds no hint to other messages', () => {
    const error = decodeUpstreamError(answer({ status: 404, body: '{"error":"model not available"}' }));
    expect(error.message).toBe("Upstream 'deepseek' answered 404: model not available");
  });
});

describe('decodeUpstreamError: retry', () => {
  it.each<[string, Record<string, string | string[] | undefined>, number | undefined]>([
    ['retry-after seconds', { 'retry-after': '7' }, 7],
    ['retry-after-ms rounded up to seconds', { 'retry-after-ms': '1500' }, 2],
    ['retry-after-ms wins over retry-after', { 'retry-after-ms': '3000', 'retry-after': '60' }, 3],
    ['no hint', {}, undefined],
    ['unusable hint', { 'retry-after': 'soon' }, undefined],
  ])('%s', (_name, headers, seconds) => {
    expect(decodeUpstreamError(answer({ status: 429, headers })).retryAfterSeconds).toBe(seconds);
  });

  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [529, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [413, false],
  ])('status %i retryable: %s', (status, retryable) => {
    expect(decodeUpstreamError(answer({ status, body: '{"error":"x"}' })).retryable).toBe(retryable);
  });

  it.each([
    [429, 'rate_limited'],
    [529, 'overloaded'],
    [500, 'upstream_error'],
    [401, 'upstream_error'],
  ])('status %i has code %s', (status, code) => {
    expect(decodeUpstreamError(answer({ status })).code).toBe(code);
  });
});

describe('decodeUpstreamError: array-shaped bodies', () => {
  it("reads the first envelope of Gemini's OpenAI-compatible error array", () => {
    const error = decodeUpstreamError({
      upstreamId: 'gem',
      endpoint: 'http://x/v1/chat/completions',
      status: 400,
      headers: {},
      body: JSON.stringify([
        { error: { code: 400, message: 'API key not valid', status: 'INVALID_ARGUMENT' } },
      ]),
    });
    expect(error.message).toBe("Upstream 'gem' answered 400: API key not valid");
    expect(error.upstreamErrorType).toBeUndefined();
  });
});
