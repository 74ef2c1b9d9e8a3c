import type { GatewayError } from '../../errors/gateway-error.js';
import { UpstreamHttpError } from '../../errors/upstream-error.js';

/**
 * Anthropic's error envelope: `{"type":"error","error":{"type","message"},"request_id"}`.
 * Source: Anthropic API reference, "Errors" (HTTP errors, error shapes).
 */
export interface AnthropicErrorBody {
  readonly type: 'error';
  readonly error: { readonly type: string; readonly message: string; readonly [field: string]: unknown };
  readonly request_id?: string;
}

/**
 * The error `type` Anthropic uses for an HTTP status (reference "Errors": 400 invalid_request_error,
 * 401 authentication_error, 402 billing_error, 403 permission_error, 404 not_found_error,
 * 413 request_too_large, 429 rate_limit_error, 500 api_error, 529 overloaded_error; other 4xx
 * invalid_request_error, other 5xx api_error).
 * @param status HTTP status code
 */
export function anthropicErrorTypeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/**
 * Encodes a gateway error as Anthropic's envelope; a `wireCode` and its `details` (e.g. the
 * gateway's `model_cooldown` / `auth_unavailable` answers) are added inside `error`.
 * @param error the error to answer with
 * @param requestId the gateway's request id, echoed as `request_id`
 * @returns the JSON body (the HTTP status is `error.status`)
 */
export function encodeAnthropicError(error: GatewayError, requestId?: string): AnthropicErrorBody {
  const type =
    error instanceof UpstreamHttpError && error.upstreamErrorType !== undefined
      ? error.upstreamErrorType
      : anthropicErrorTypeForStatus(error.status);
  const extra = error.wireCode === undefined ? {} : { code: error.wireCode, ...error.details };
  const body: AnthropicErrorBody = { type: 'error', error: { type, message: error.message, ...extra } };
  return requestId === undefined ? body : { ...body, request_id: requestId };
}

/**
 * Encodes a gateway error as an SSE `error` event, for a stream that fails after its first byte
 * (reference "Streaming Messages", error events). Ends with the blank line that closes the event.
 * @returns the event text, UTF-8
 */
export function encodeAnthropicErrorEvent(error: GatewayError, requestId?: string): string {
  return `event: error\ndata: ${JSON.stringify(encodeAnthropicError(error, requestId))}\n\n`;
}
