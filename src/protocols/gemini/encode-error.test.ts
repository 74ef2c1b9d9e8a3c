import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  GatewayError,
  InvalidRequestError,
  ModelNotFoundError,
  RequestTooLargeError,
} from '../../errors/gateway-error.js';
import {
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../errors/upstream-error.js';
import { encodeGeminiError, geminiErrorStatusFor } from './encode-error.js';

const CONTEXT = { upstreamId: 'gemini', endpoint: 'https://example.test' };

describe('encodeGeminiError', () => {
  it.each([
    [new InvalidRequestError('bad'), 400, 'INVALID_ARGUMENT'],
    [new AuthenticationError('who'), 401, 'UNAUTHENTICATED'],
    [new GatewayError('permission', 403, 'no'), 403, 'PERMISSION_DENIED'],
    [new ModelNotFoundError('none'), 404, 'NOT_FOUND'],
    [new RequestTooLargeError(10), 413, 'INVALID_ARGUMENT'],
    [new UpstreamHttpError(CONTEXT, 429, 'slow down'), 429, 'RESOURCE_EXHAUSTED'],
    [new GatewayError('internal', 500, 'oops'), 500, 'INTERNAL'],
    [new UpstreamNetworkError(CONTEXT, 'refused'), 502, 'UNAVAILABLE'],
    [new UpstreamHttpError(CONTEXT, 503, 'busy'), 503, 'UNAVAILABLE'],
  ])('%s → %i %s', (error, code, status) => {
    expect(encodeGeminiError(error)).toEqual({ error: { code, message: error.message, status } });
  });

  it('names an upstream timeout in an ErrorInfo reason', () => {
    const error = new UpstreamTimeoutError(CONTEXT, 1000);
    expect(encodeGeminiError(error)).toEqual({
      error: {
        code: 504,
        message: error.message,
        status: 'DEADLINE_EXCEEDED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            domain: 'switchboard',
            metadata: {},
            reason: 'upstream_timeout',
          },
        ],
      },
    });
  });

  it('adds RetryInfo and RequestInfo details when known', () => {
    const error = new UpstreamHttpError(CONTEXT, 429, 'Quota exceeded.', { retryAfterSeconds: 17 });
    expect(encodeGeminiError(error, 'req_1')).toEqual({
      error: {
        code: 429,
        message: 'Quota exceeded.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' },
          { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: 'req_1' },
        ],
      },
    });
  });

  it.each([
    [408, 'DEADLINE_EXCEEDED'],
    [409, 'ABORTED'],
    [422, 'INVALID_ARGUMENT'],
    [529, 'UNAVAILABLE'],
    [501, 'INTERNAL'],
  ])('status %i → %s', (status, name) => {
    expect(geminiErrorStatusFor(status)).toBe(name);
  });
});
