import { GatewayError } from '../../errors/gateway-error.js';
import { UpstreamHttpError } from '../../errors/upstream-error.js';
import { isJsonObject } from './json-value.js';

/**
 * HTTP status of an Anthropic error type (the inverse of `anthropicErrorTypeForStatus`, plus
 * `timeout_error` 504). Source: Anthropic API reference, "Errors" (HTTP errors).
 * @returns the status; 500 for a type the reference does not list
 */
export function anthropicStatusForErrorType(type: string): number {
  switch (type) {
    case 'invalid_request_error':
      return 400;
    case 'authentication_error':
      return 401;
    case 'billing_error':
      return 402;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'request_too_large':
      return 413;
    case 'rate_limit_error':
      return 429;
    case 'timeout_error':
      return 504;
    case 'overloaded_error':
      return 529;
    default:
      return 500;
  }
}

/**
 * The error of a stream's `error` event (`{"type":"error","error":{"type","message"}}`), as an
 * `UpstreamHttpError` with the status of its type and the upstream's own type and message kept
 * as they are (so an Anthropic client gets the same event the fast path would relay).
 * Source: Anthropic API reference, "Streaming Messages" (error events) and "Errors".
 * @param data the event's parsed data
 * @param upstreamId provider id of the upstream that sent it
 */
export function decodeAnthropicStreamError(data: unknown, upstreamId: string): UpstreamHttpError {
  const error = isJsonObject(data) && isJsonObject(data.error) ? data.error : {};
  const type = typeof error.type === 'string' ? error.type : undefined;
  const message =
    typeof error.message === 'string' ? error.message : `Upstream '${upstreamId}' sent a stream error.`;
  // The stream decoder does not know the URL that was called; the upstream id names the layer.
  return new UpstreamHttpError(
    { upstreamId, endpoint: '' },
    anthropicStatusForErrorType(type ?? ''),
    message,
    {
      upstreamErrorType: type,
    },
  );
}

/** The error of a stream that ended before `message_stop` (the fast path's wording). */
export function truncatedStreamError(upstreamId: string): GatewayError {
  return new GatewayError(
    'upstream_error',
    502,
    `Upstream '${upstreamId}' ended the stream before message_stop.`,
  );
}

/** The error of a stream event whose data is not JSON. */
export function malformedStreamEventError(upstreamId: string, eventName: string | undefined): GatewayError {
  const what = eventName === undefined ? 'an event' : `a '${eventName}' event`;
  return new GatewayError(
    'upstream_error',
    502,
    `Upstream '${upstreamId}' sent ${what} whose data is not JSON.`,
  );
}
