import { describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../../errors/upstream-error.js';
import {
  decodeOpenAIChatUpstreamError,
  type OpenAIChatUpstreamErrorAnswer,
} from './decode-upstream-error.js';

function answer(fields: Partial<OpenAIChatUpstreamErrorAnswer> = {}): OpenAIChatUpstreamErrorAnswer {
  return {
    upstreamId: 'openai',
    endpoint: 'https://api.openai.com/v1/chat/completions',
    status: 400,
    headers: {},
    body: '',
    ...fields,
  };
}

describe('decodeOpenAIChatUpstreamError: bodies', () => {
  it.each<[string, number, string, string]>([
    [
      // OpenAI "Error codes" guide, 401 "Incorrect API key provided", in the reference's error object.
      'OpenAI error object',
      401,
      '{"error":{"message":"Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}',
      "Upstream 'openai' answered 401: Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.",
    ],
    [
      'rate limit',
      429,
      '{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
      "Upstream 'openai' answered 429: Rate limit reached for requests",
    ],
    [
      'Gemini compatibility: an array of error objects',
      400,
      '[{"error":{"code":400,"message":"Invalid JSON payload received.","status":"INVALID_ARGUMENT"}}]',
      "Upstream 'openai' answered 400: Invalid JSON payload received.",
    ],
    ['error as a string', 500, '{"error":"boom"}', "Upstream 'openai' answered 500: boom"],
    ['top-level message', 400, '{"message":"bad thing"}', "Upstream 'openai' answered 400: bad thing"],
    ['detail (FastAPI servers)', 404, '{"detail":"Not Found"}', "Upstream 'openai' answered 404: Not Found"],
    [
      'error object without a message',
      500,
      '{"error":{"code":13}}',
      'Upstream \'openai\' answered 500: {"error":{"code":13}}',
    ],
    [
      'non-JSON',
      502,
      '<html>Bad Gateway</html>\n',
      "Upstream 'openai' answered 502: <html>Bad Gateway</html>",
    ],
    ['empty', 503, '  ', "Upstream 'openai' answered 503: (empty body)"],
    [
      'long non-JSON cut to 500 characters',
      500,
      'x'.repeat(600),
      `Upstream 'openai' answered 500: ${'x'.repeat(500)}…`,
    ],
  ])('%s', (_name, status, body, message) => {
    const error = decodeOpenAIChatUpstreamError(answer({ status, body }));
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error.message).toBe(message);
    expect(error.status).toBe(status);
    expect(error.upstreamStatus).toBe(status);
    expect(error.upstreamId).toBe('openai');
    expect(error.upstreamErrorType).toBeUndefined();
  });
});

describe('decodeOpenAIChatUpstreamError: retry', () => {
  it.each<[string, Record<string, string | string[] | undefined>, number | undefined]>([
    ['retry-after-ms, rounded up to seconds', { 'retry-after-ms': '1500' }, 2],
    ['retry-after seconds', { 'retry-after': '20' }, 20],
    ['retry-after-ms wins', { 'retry-after-ms': '3000', 'retry-after': '60' }, 3],
    ['no hint', {}, undefined],
    ['unusable hint', { 'retry-after': 'later' }, undefined],
  ])('%s', (_name, headers, seconds) => {
    expect(decodeOpenAIChatUpstreamError(answer({ status: 429, headers })).retryAfterSeconds).toBe(seconds);
  });

  it.each([
    [429, true, 'rate_limited'],
    [500, true, 'upstream_error'],
    [503, true, 'upstream_error'],
    [408, true, 'upstream_error'],
    [400, false, 'upstream_error'],
    [401, false, 'upstream_error'],
    [404, false, 'upstream_error'],
  ])('status %i: retryable %s, code %s', (status, retryable, code) => {
    const error = decodeOpenAIChatUpstreamError(answer({ status, body: '{"error":{"message":"x"}}' }));
    expect(error.retryable).toBe(retryable);
    expect(error.code).toBe(code);
  });
});
