import { request, type Dispatcher } from 'undici';
import type { GatewayError } from '../errors/gateway-error.js';
import {
  UpstreamNetworkError,
  UpstreamTimeoutError,
  type UpstreamFailureContext,
} from '../errors/upstream-error.js';
import { getDispatcher, UPSTREAM_TIMEOUTS } from './dispatcher.js';

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
}

/** The upstream's answer: status, headers and an unread body stream. */
export type UpstreamHttpResponse = Dispatcher.ResponseData;

/**
 * Sends one request upstream over the shared undici pools.
 * @returns the response, whatever its status (the caller classifies 4xx/5xx)
 * @throws UpstreamNetworkError (502) when the upstream cannot be reached (refused, DNS, TLS, reset)
 * @throws UpstreamTimeoutError (504) when it does not answer in time
 * @throws the signal's reason when the request was aborted
 */
export async function sendUpstreamRequest(call: UpstreamHttpRequest): Promise<UpstreamHttpResponse> {
  try {
    return await request(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body ?? null,
      signal: call.signal,
      dispatcher: getDispatcher(call.proxyUrl),
    });
  } catch (error) {
    if (call.signal?.aborted) throw error;
    throw classifyNetworkError({ upstreamId: call.upstreamId, endpoint: endpointOf(call.url) }, error);
  }
}

/**
 * Turns an undici/socket error into the gateway error that names the failing layer.
 * @param context which upstream and endpoint failed
 * @param error what undici threw
 */
export function classifyNetworkError(context: UpstreamFailureContext, error: unknown): GatewayError {
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new UpstreamTimeoutError(context, UPSTREAM_TIMEOUTS.connectMs);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new UpstreamTimeoutError(context, UPSTREAM_TIMEOUTS.headersMs);
    case 'UND_ERR_BODY_TIMEOUT':
      return new UpstreamTimeoutError(context, UPSTREAM_TIMEOUTS.bodyMs);
    case 'ECONNREFUSED':
      return new UpstreamNetworkError(context, 'connection refused', error);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UpstreamNetworkError(context, 'the host name does not resolve (DNS)', error);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new UpstreamNetworkError(context, 'the connection was reset', error);
    default:
      if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) {
        return new UpstreamNetworkError(context, `TLS failure (${code})`, error);
      }
      return new UpstreamNetworkError(context, describe(error), error);
  }
}

/** The URL without query string or credentials, safe to show. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
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
