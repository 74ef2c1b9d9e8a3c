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

/**
 * Which upstream HTTP timeout fired (seed 004 `HTTP_CONNECT_TIMEOUT`, `HTTP_WRITE_TIMEOUT`,
 * `HTTP_READ_TIMEOUT`): `connect` = opening the TCP/TLS connection; `write` = handing the whole
 * request to the connection; `headers` = waiting for the response headers and `body` = waiting
 * between two body chunks (both the read timeout).
 */
export type UpstreamTimeoutPhase = 'connect' | 'write' | 'headers' | 'body';

/** Which timeout fired and its configured value. */
export interface UpstreamTimeoutDetail {
  readonly phase: UpstreamTimeoutPhase;
  /** The configured timeout, ms. */
  readonly timeoutMs: number;
}

/**
 * A timeout in words, naming the setting: `no response headers within 600 s (read timeout)`,
 * `no data for 30 s between chunks (read timeout)`, `request not written within 10 s (write
 * timeout)`, `no connection within 10 s (connect timeout)`.
 * @param detail which timeout fired and its configured value (ms)
 */
export function describeTimeout(detail: UpstreamTimeoutDetail): string {
  const duration = formatDuration(detail.timeoutMs);
  switch (detail.phase) {
    case 'connect':
      return `no connection within ${duration} (connect timeout)`;
    case 'write':
      return `request not written within ${duration} (write timeout)`;
    case 'headers':
      return `no response headers within ${duration} (read timeout)`;
    case 'body':
      return `no data for ${duration} between chunks (read timeout)`;
    default: {
      const unknownPhase: never = detail.phase;
      return String(unknownPhase);
    }
  }
}

/**
 * The upstream did not answer (or stopped streaming) within the configured time: 504. Given a
 * {@link UpstreamTimeoutDetail}, the message names the timeout that fired and its configured value;
 * given a number (ms), it says the upstream did not answer within that time.
 */
export class UpstreamTimeoutError extends GatewayError {
  readonly upstreamId: string;
  /** Which timeout fired, when known. */
  readonly phase: UpstreamTimeoutPhase | undefined;
  /** The configured timeout that fired, ms. */
  readonly timeoutMs: number;

  /**
   * @param context which upstream and endpoint timed out
   * @param timeout which timeout fired and its value, or just its value (ms)
   * @param cause the underlying (undici) error
   */
  constructor(context: UpstreamFailureContext, timeout: number | UpstreamTimeoutDetail, cause?: unknown) {
    const detail =
      typeof timeout === 'number'
        ? `did not answer within ${timeout} ms`
        : `timed out: ${describeTimeout(timeout)}`;
    super('upstream_timeout', 504, `Upstream '${context.upstreamId}' at ${context.endpoint} ${detail}.`, {
      retryable: true,
      cause,
      wireCode: 'upstream_timeout',
    });
    this.name = 'UpstreamTimeoutError';
    this.upstreamId = context.upstreamId;
    this.phase = typeof timeout === 'number' ? undefined : timeout.phase;
    this.timeoutMs = typeof timeout === 'number' ? timeout : timeout.timeoutMs;
  }
}

/** `600 s`, `1.5 s`, `250 ms`. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}
