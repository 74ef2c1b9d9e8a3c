import { GatewayError, type GatewayErrorCode } from './gateway-error.js';

/** What every upstream failure carries, besides status and message. */
export interface UpstreamFailureContext {
  /** Upstream id (`anthropic`, `deepseek`, …), never a credential. */
  readonly upstreamId: string;
  /** The endpoint URL that was called (no query string: keys may sit there). */
  readonly endpoint: string;
}

/**
 * The upstream answered with an HTTP error. The client gets the same status and the upstream's
 * message prefixed with which upstream answered.
 */
export class UpstreamHttpError extends GatewayError {
  readonly upstreamId: string;
  readonly upstreamStatus: number;
  /** The upstream's own error type (`overloaded_error`, …) when it used Anthropic's envelope. */
  readonly upstreamErrorType: string | undefined;

  constructor(
    context: UpstreamFailureContext,
    upstreamStatus: number,
    message: string,
    options: {
      upstreamErrorType?: string | undefined;
      retryAfterSeconds?: number | undefined;
      /** Overrides the status rule, e.g. a 401 is worth retrying on another credential of a pool. */
      retryable?: boolean | undefined;
    } = {},
  ) {
    const code: GatewayErrorCode =
      upstreamStatus === 429 ? 'rate_limited' : upstreamStatus === 529 ? 'overloaded' : 'upstream_error';
    super(code, upstreamStatus, message, {
      retryable:
        options.retryable ??
        (upstreamStatus === 408 || upstreamStatus === 409 || upstreamStatus === 429 || upstreamStatus >= 500),
      retryAfterSeconds: options.retryAfterSeconds,
    });
    this.name = 'UpstreamHttpError';
    this.upstreamId = context.upstreamId;
    this.upstreamStatus = upstreamStatus;
    this.upstreamErrorType = options.upstreamErrorType;
  }
}

/**
 * The upstream could not be reached (connection refused, DNS, TLS, reset before an answer):
 * 502, naming the endpoint and saying it is a network problem.
 */
export class UpstreamNetworkError extends GatewayError {
  readonly upstreamId: string;

  constructor(context: UpstreamFailureContext, detail: string, cause?: unknown) {
    super(
      'upstream_network',
      502,
      `Network problem reaching upstream '${context.upstreamId}' at ${context.endpoint}: ${detail}. ` +
        'Check that the server is running and the base-url is right.',
      { retryable: true, cause },
    );
    this.name = 'UpstreamNetworkError';
    this.upstreamId = context.upstreamId;
  }
}

/** The upstream did not answer (or stopped streaming) within the configured time: 504. */
export class UpstreamTimeoutError extends GatewayError {
  readonly upstreamId: string;

  constructor(context: UpstreamFailureContext, timeoutMs: number) {
    super(
      'upstream_timeout',
      504,
      `Upstream '${context.upstreamId}' at ${context.endpoint} did not answer within ${timeoutMs} ms.`,
      { retryable: true },
    );
    this.name = 'UpstreamTimeoutError';
    this.upstreamId = context.upstreamId;
  }
}
