import type { GatewayError, GatewayErrorCode } from '../../errors/gateway-error.js';

/**
 * OpenAI's error envelope: `{"error":{"message","type","param","code"}}` (all four present;
 * `param` and `code` may be null).
 * Source: OpenAI API reference, error object; openai-node `ErrorObject`.
 */
export interface OpenAIChatErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
    readonly [field: string]: unknown;
  };
}

/**
 * The error `type` for an HTTP status.
 *
 * | status         | type                    |
 * |----------------|-------------------------|
 * | 400, 413, 422, other 4xx | `invalid_request_error` |
 * | 401            | `authentication_error`  |
 * | 403            | `permission_error`      |
 * | 404            | `not_found_error`       |
 * | 429            | `rate_limit_error`      |
 * | 5xx            | `server_error` (what OpenAI itself answers 5xx with) |
 */
export function openAIChatErrorTypeForStatus(status: number): string {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

/**
 * The `code` for a gateway error code: OpenAI's own codes where one exists
 * (`model_not_found`, `invalid_api_key`, `rate_limit_exceeded`), else the gateway's code.
 */
export function openAIChatErrorCode(code: GatewayErrorCode): string {
  switch (code) {
    case 'authentication':
      return 'invalid_api_key';
    case 'rate_limited':
      return 'rate_limit_exceeded';
    case 'model_not_found':
    case 'invalid_request':
    case 'permission':
    case 'not_found':
    case 'request_too_large':
    case 'upstream_error':
    case 'upstream_network':
    case 'upstream_timeout':
    case 'overloaded':
    case 'internal':
      return code;
    default: {
      const unknown: never = code;
      return String(unknown);
    }
  }
}

/**
 * A gateway error in OpenAI's envelope (the HTTP status is `error.status`; a request id goes in a
 * header, the envelope has no field for it). A `wireCode` replaces the code and its `details`
 * join the error object (the gateway's `model_cooldown` / `auth_unavailable` answers).
 */
export function encodeOpenAIChatError(error: GatewayError): OpenAIChatErrorBody {
  return {
    error: {
      message: error.message,
      type: openAIChatErrorTypeForStatus(error.status),
      param: null,
      code: error.wireCode ?? openAIChatErrorCode(error.code),
      ...error.details,
    },
  };
}

/**
 * The same envelope as a stream event, for a stream that fails after its first byte:
 * `data: {"error":{…}}` and the blank line that ends the event (openai-node raises an `APIError`
 * for a data event with an `error` field). No `[DONE]` follows.
 */
export function encodeOpenAIChatErrorEvent(error: GatewayError): string {
  return `data: ${JSON.stringify(encodeOpenAIChatError(error))}\n\n`;
}
