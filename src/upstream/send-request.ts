import type { Dispatcher } from 'undici';
import { DEFAULTS, type HttpTimeouts } from '../config/switchboard-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import {
  describeTimeout,
  UpstreamNetworkError,
  UpstreamTimeoutError,
  type UpstreamFailureContext,
  type UpstreamTimeoutDetail,
} from '../errors/upstream-error.js';
import { getDispatcher, HttpTimeoutError } from './dispatcher.js';
import { parseUpstreamUrl } from './parsed-url.js';
import { UpstreamResponseHandler, type UpstreamHttpResponse } from './response-handler.js';

export type { UpstreamHttpResponse, UpstreamResponseHeaders } from './response-handler.js';

/** One HTTP call to an upstream. */
export interface UpstreamHttpRequest {
  readonly upstreamId: string;
  /** Absolute URL. Its query string is never put into error messages. */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer | undefined;
  readonly proxyUrl?: string | undefined;
  /** Aborts the call when the client goes away. */
  readonly signal?: AbortSignal | undefined;
  /** Connect, write and read timeouts, ms, 0 = none (`SwitchboardConfig.timeouts`); default `DEFAULTS.timeouts`. */
  readonly timeouts?: HttpTimeouts | undefined;
}

/**
 * Sends one request upstream over the shared undici pools (`getDispatcher(proxyUrl, timeouts)`), its
 * URL parsed once per distinct text (`parseUpstreamUrl`), with undici's `dispatch` and a handler of
 * our own (`UpstreamResponseHandler`): the body comes as an `UpstreamBody`, not a `Readable`.
 * @returns the response, whatever its status (the caller classifies 4xx/5xx); reading its body may
 *   later fail with an `HttpTimeoutError` (read timeout between chunks): see {@link describeStreamFailure}
 * @throws UpstreamNetworkError (502) when the upstream cannot be reached (refused, DNS, TLS, reset)
 * @throws UpstreamTimeoutError (504) when the connect, write or read timeout fires (the message names it)
 * @throws the signal's reason when the request was aborted
 */
export async function sendUpstreamRequest(call: UpstreamHttpRequest): Promise<UpstreamHttpResponse> {
  const timeouts = call.timeouts ?? DEFAULTS.timeouts;
  const handler = new UpstreamResponseHandler(call.signal);
  try {
    const parsed = parseUpstreamUrl(call.url);
    if (parsed === undefined) throw new TypeError(`Invalid upstream URL: ${endpointOf(call.url)}`);
    getDispatcher(call.proxyUrl, timeouts).dispatch(
      {
        origin: parsed.origin,
        path: parsed.path,
        method: call.method,
        headers: call.headers,
        body: call.body ?? null,
      },
      handler as unknown as Dispatcher.DispatchHandler,
    );
  } catch (error) {
    handler.failed(error instanceof Error ? error : new Error(String(error)));
  }
  try {
    return await handler.response;
  } catch (error) {
    if (call.signal?.aborted) throw error;
    throw classifyNetworkError(
      { upstreamId: call.upstreamId, endpoint: endpointOf(call.url) },
      error,
      timeouts,
    );
  }
}

/**
 * Turns an undici/socket error into the gateway error that names the failing layer: 504
 * `UpstreamTimeoutError` naming the timeout and its configured value (e.g. "no response headers
 * within 600 s (read timeout)"), else 502 `UpstreamNetworkError`.
 * @param context which upstream and endpoint failed
 * @param error what undici threw, or what the response body stream failed with
 * @param timeouts the timeouts of the call, ms: only used for a bare undici timeout error (errors
 *   from `getDispatcher`'s dispatchers carry their own value); default `DEFAULTS.timeouts`
 */
export function classifyNetworkError(
  context: UpstreamFailureContext,
  error: unknown,
  timeouts: HttpTimeouts = DEFAULTS.timeouts,
): GatewayError {
  const timeout = timeoutOf(error, timeouts);
  if (timeout) return new UpstreamTimeoutError(context, timeout, error);
  return new UpstreamNetworkError(context, networkDetail(error), error);
}

/**
 * Why an upstream response stream broke off, in words, for the stream error event a relay sends
 * after bytes reached the client: the timeout and its configured value ("no data for 30 s between
 * chunks (read timeout)"), else the network failure ("the connection was reset"), else the
 * gateway error's message.
 * @param error what reading the upstream body failed with
 * @param timeouts the call's timeouts, ms (used only for bare undici timeout errors)
 */
export function describeStreamFailure(error: unknown, timeouts: HttpTimeouts = DEFAULTS.timeouts): string {
  const timeout = timeoutOf(error, timeouts);
  if (timeout) return describeTimeout(timeout);
  if (error instanceof GatewayError) return error.message;
  return networkDetail(error);
}

/** The URL without query string or credentials, safe to show (`parseUpstreamUrl`). */
export function endpointOf(url: string): string {
  return parseUpstreamUrl(url)?.endpoint ?? '(invalid URL)';
}

/** Which timeout an error reports, with its configured value (ms); undefined when it is no timeout. */
function timeoutOf(error: unknown, timeouts: HttpTimeouts): UpstreamTimeoutDetail | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof HttpTimeoutError) return { phase: current.phase, timeoutMs: current.timeoutMs };
    current = (current as { cause?: unknown }).cause;
  }
  switch (errorCode(error)) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { phase: 'connect', timeoutMs: timeouts.connectMs };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { phase: 'headers', timeoutMs: timeouts.readMs };
    case 'UND_ERR_BODY_TIMEOUT':
      return { phase: 'body', timeoutMs: timeouts.readMs };
    default:
      return undefined;
  }
}

/** A network failure in words: `connection refused`, `the connection was reset`, `TLS failure (…)`. */
function networkDetail(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve (DNS)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset';
    default:
      if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) {
        return `TLS failure (${code})`;
      }
      return describe(error);
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'ERR_INVALID_ARG_TYPE') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${message} (${code})`;
}
