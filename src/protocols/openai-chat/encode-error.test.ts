import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  GatewayError,
  InvalidRequestError,
  ModelNotFoundError,
  RequestTooLargeError,
  RouteNotFoundError,
} from '../../errors/gateway-error.js';
import {
  UpstreamHttpError,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../errors/upstream-error.js';
import { encodeOpenAIChatError, encodeOpenAIChatErrorEvent } from './encode-error.js';

const context = { upstreamId: 'groq', endpoint: 'https://api.groq.com/openai/v1/chat/completions' };

describe('encodeOpenAIChatError', () => {
  it.each<[string, GatewayError, string, string]>([
    [
      'invalid request',
      new InvalidRequestError('messages: Required'),
      'invalid_request_error',
      'invalid_request',
    ],
    ['authentication', new AuthenticationError('bad key'), 'authentication_error', 'invalid_api_key'],
    ['permission', new GatewayError('permission', 403, 'no'), 'permission_error', 'permission'],
    ['model not found', new ModelNotFoundError('no model x'), 'not_found_error', 'model_not_found'],
    ['route not found', new RouteNotFoundError('GET', '/x'), 'not_found_error', 'not_found'],
    ['too large', new RequestTooLargeError(1024), 'invalid_request_error', 'request_too_large'],
    [
      'rate limited upstream',
      new UpstreamHttpError(context, 429, 'slow down'),
      'rate_limit_error',
      'rate_limit_exceeded',
    ],
    ['upstream 500', new UpstreamHttpError(context, 500, 'boom'), 'server_error', 'upstream_error'],
    ['upstream 400', new UpstreamHttpError(context, 400, 'bad'), 'invalid_request_error', 'upstream_error'],
    ['overloaded 529', new UpstreamHttpError(context, 529, 'busy'), 'server_error', 'overloaded'],
    ['network', new UpstreamNetworkError(context, 'ECONNREFUSED'), 'server_error', 'upstream_network'],
    ['timeout', new UpstreamTimeoutError(context, 1000), 'server_error', 'upstream_timeout'],
    ['internal', new GatewayError('internal', 500, 'oops'), 'server_error', 'internal'],
  ])('%s', (_name, error, type, code) => {
    expect(encodeOpenAIChatError(error)).toEqual({
      error: { message: error.message, type, param: null, code },
    });
  });

  it('makes a stream error event openai-node can read', () => {
    const event = encodeOpenAIChatErrorEvent(new UpstreamHttpError(context, 500, 'boom'));
    expect(event).toBe(
      'data: {"error":{"message":"boom","type":"server_error","param":null,"code":"upstream_error"}}\n\n',
    );
  });
});
