import type { GatewayError } from '../../errors/gateway-error.js';
import type { GeminiErrorBody } from './wire.js';

/**
 * The gRPC status name Google's envelope carries for an HTTP status.
 *
 * | HTTP            | status               |
 * |-----------------|----------------------|
 * | 400, 413, 422, other 4xx | `INVALID_ARGUMENT` |
 * | 401             | `UNAUTHENTICATED`    |
 * | 403             | `PERMISSION_DENIED`  |
 * | 404             | `NOT_FOUND`          |
 * | 408, 504        | `DEADLINE_EXCEEDED`  |
 * | 409             | `ABORTED`            |
 * | 429             | `RESOURCE_EXHAUSTED` |
 * | 502, 503, 529   | `UNAVAILABLE`        |
 * | 500, other 5xx  | `INTERNAL`           |
 *
 * Source: Gemini API docs, "Troubleshooting" (error codes: 400 INVALID_ARGUMENT / FAILED_PRECONDITION,
 * 403 PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED, 500 INTERNAL, 503 UNAVAILABLE,
 * 504 DEADLINE_EXCEEDED); google.rpc.Code's HTTP mapping (401 UNAUTHENTICATED, 409 ABORTED).
 */
export function geminiErrorStatusFor(status: number): string {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 408:
    case 504:
      return 'DEADLINE_EXCEEDED';
    case 409:
      return 'ABORTED';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 502:
    case 503:
    case 529:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  }
}

/**
 * A gateway error in Google's envelope: `{"error": {code, message, status, details?}}`, `code`
 * being the HTTP status. `details` carries, when known, a `google.rpc.RetryInfo`
 * (`retryDelay: "<seconds>s"`, as the API sends with 429) and a `google.rpc.RequestInfo`
 * (`requestId`).
 * Source: Gemini API docs, "Troubleshooting" (error body); google.rpc `RetryInfo`, `RequestInfo`.
 * @param requestId the gateway's request id
 */
export function encodeGeminiError(error: GatewayError, requestId?: string): GeminiErrorBody {
  const details: Record<string, unknown>[] = [];
  if (error.retryAfterSeconds !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${error.retryAfterSeconds}s`,
    });
  }
  if (requestId !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId });
  }
  if (error.wireCode !== undefined) {
    const metadata = Object.fromEntries(
      Object.entries(error.details ?? {}).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    );
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: error.wireCode,
      domain: 'switchboard',
      metadata,
    });
  }
  return {
    error: {
      code: error.status,
      message: error.message,
      status: geminiErrorStatusFor(error.status),
      ...(details.length > 0 ? { details } : {}),
    },
  };
}
