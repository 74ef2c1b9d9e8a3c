/**
 * Error codes the gateway answers with, independent of wire format. Each protocol's
 * `encode-error` turns a `GatewayError` into its own envelope; handlers never build error JSON.
 */
export type GatewayErrorCode =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'model_not_found'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_network'
  | 'upstream_timeout'
  | 'overloaded'
  | 'internal';

/** Construction options shared by every gateway error. */
export interface GatewayErrorOptions {
  /** Seconds the client should wait before retrying, sent as `Retry-After`. */
  readonly retryAfterSeconds?: number | undefined;
  /** Whether the attempt loop may try again (another credential, another attempt). */
  readonly retryable?: boolean | undefined;
  readonly cause?: unknown;
  /** A machine-readable code clients see in the error body (`model_cooldown`, `auth_unavailable`). */
  readonly wireCode?: string | undefined;
  /** Extra JSON fields of the error body (counts, recent statuses); never a secret. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Base class of every error the gateway answers a client with: an HTTP status, a
 * format-independent code, and a message safe to show (never a secret, never a stack).
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  /** HTTP status sent to the client. */
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly wireCode: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: GatewayErrorCode, status: number, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = status;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.wireCode = options.wireCode;
    this.details = options.details;
  }
}

/** 400: the body is not valid JSON or not a request of the endpoint's shape (names the field). */
export class InvalidRequestError extends GatewayError {
  constructor(message: string) {
    super('invalid_request', 400, message);
    this.name = 'InvalidRequestError';
  }
}

/** 401: missing or wrong inbound key. */
export class AuthenticationError extends GatewayError {
  constructor(message: string) {
    super('authentication', 401, message);
    this.name = 'AuthenticationError';
  }
}

/** 404: the requested model resolves to no upstream; the message lists models that would. */
export class ModelNotFoundError extends GatewayError {
  constructor(message: string) {
    super('model_not_found', 404, message);
    this.name = 'ModelNotFoundError';
  }
}

/** 404 for an unknown route. */
export class RouteNotFoundError extends GatewayError {
  constructor(method: string, path: string) {
    super('not_found', 404, `No route for ${method} ${path}.`);
    this.name = 'RouteNotFoundError';
  }
}

/** 413: the body is larger than the configured limit (bytes). */
export class RequestTooLargeError extends GatewayError {
  constructor(limitBytes: number) {
    super(
      'request_too_large',
      413,
      `Request body is larger than the gateway's limit of ${limitBytes} bytes.`,
    );
    this.name = 'RequestTooLargeError';
  }
}
