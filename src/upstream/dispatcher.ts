import type { Duplex } from 'node:stream';
import { Agent, buildConnector, ProxyAgent, Socks5ProxyAgent, type Dispatcher } from 'undici';
import { DEFAULTS, type HttpTimeouts } from '../config/switchboard-config.js';
import { describeTimeout, type UpstreamTimeoutPhase } from '../errors/upstream-error.js';

/**
 * Connection pools for upstream calls (undici), one per (proxy URL, connect, write, read timeout):
 * a keep-alive `Agent` for direct connections (a pool per origin), a `ProxyAgent` or
 * `Socks5ProxyAgent` per proxy URL, each composed with the timeout interceptor below. Proxy URLs
 * may carry credentials: they are never logged.
 *
 * Timeouts (seed 004, ms, 0 = wait forever):
 * - connect → undici `connect.timeout` (undici's connector arms no timer for 0; only null/undefined
 *   mean its 10 s default). Proxies: `proxyTls.timeout` / `requestTls.timeout` (ProxyAgent replaces
 *   `connect`), a connector with the timeout (Socks5ProxyAgent).
 * - read → `headersTimeout` and `bodyTimeout` (undici: 0 disables), set on every request by the
 *   interceptor too, because `Socks5ProxyAgent` ignores pool options.
 * - write → the interceptor's handler starts a timer on `onConnect` (the request got its
 *   connection) and clears it on `onRequestSent` (undici wrote the last body chunk), aborting the
 *   request with {@link HttpTimeoutError} otherwise.
 */

/** Idle keep-alive of pooled connections, ms. */
const KEEP_ALIVE_MS = 60_000;
/**
 * Bodies above this size (bytes) are handed to undici in chunks of this size: undici writes a
 * Buffer body in one `socket.write` and reports it sent at once, however much of it is still queued;
 * an iterable body is written chunk by chunk, waiting for `drain`, so `onRequestSent` comes when the
 * socket took it all (net.Socket's highWaterMark is 64 KiB too).
 */
const BODY_CHUNK_BYTES = 64 * 1024;

/**
 * Bodies up to this size (bytes) are written whole, without a write timer: they fit the socket's
 * buffers at once (a stalled upstream is then caught by the read timeout), and re-encoding a
 * Claude Code request of ~80 KB into chunks cost a copy per request (issue 7, scenario 4).
 */
const CHUNKED_BODY_MIN_BYTES = 1024 * 1024;
/** Largest delay Node timers take, ms (about 24.8 days); longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** `code` of the write-timeout error (undici has none: its own codes are `UND_ERR_*`). */
const WRITE_TIMEOUT_CODE = 'SWITCHBOARD_WRITE_TIMEOUT';

/**
 * An upstream HTTP timeout fired: which one and its configured value. The interceptor turns
 * undici's `ConnectTimeoutError`, `HeadersTimeoutError` and `BodyTimeoutError` into it (keeping their
 * `code`, the original as `cause`) and raises it for the write timeout, so whoever catches it (the
 * request call or the stream relay) can name the setting that fired.
 */
export class HttpTimeoutError extends Error {
  /** undici's code (`UND_ERR_CONNECT_TIMEOUT`, `UND_ERR_HEADERS_TIMEOUT`, `UND_ERR_BODY_TIMEOUT`) or `SWITCHBOARD_WRITE_TIMEOUT`. */
  readonly code: string;
  readonly phase: UpstreamTimeoutPhase;
  /** The configured timeout that fired, ms. */
  readonly timeoutMs: number;

  constructor(phase: UpstreamTimeoutPhase, timeoutMs: number, code: string, cause?: unknown) {
    super(describeTimeout({ phase, timeoutMs }), cause === undefined ? undefined : { cause });
    this.name = 'HttpTimeoutError';
    this.code = code;
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

interface CachedDispatcher {
  /** The agent itself: closed on shutdown. */
  readonly agent: Dispatcher;
  /** The agent composed with the timeout interceptor: what requests use. */
  readonly composed: Dispatcher;
}

const dispatchers = new Map<string, CachedDispatcher>();

/**
 * The dispatcher for an upstream call: one per (proxy URL, timeouts), created on first use and
 * reused (keep-alive 60 s).
 * @param proxyUrl `http(s)://` or `socks5://` proxy URL, or undefined/empty for a direct connection
 * @param timeouts connect, write and read timeouts, ms, 0 = none (`SwitchboardConfig.timeouts`)
 * @throws TypeError when the proxy URL is not a valid URL of a supported scheme
 */
export function getDispatcher(
  proxyUrl: string | undefined,
  timeouts: HttpTimeouts = DEFAULTS.timeouts,
): Dispatcher {
  const connectMs = timerMs(timeouts.connectMs);
  const writeMs = timerMs(timeouts.writeMs);
  const readMs = timerMs(timeouts.readMs);
  const key = `${connectMs} ${writeMs} ${readMs} ${proxyUrl ?? ''}`;
  const cached = dispatchers.get(key);
  if (cached) return cached.composed;
  const normalized: HttpTimeouts = { connectMs, writeMs, readMs };
  const agent = createAgent(proxyUrl, normalized);
  const composed = agent.compose(timeoutInterceptor(normalized));
  dispatchers.set(key, { agent, composed });
  return composed;
}

/**
 * Closes every cached pool (graceful shutdown); in-flight requests finish first.
 */
export async function closeDispatchers(): Promise<void> {
  const agents = [...dispatchers.values()].map((cached) => cached.agent);
  dispatchers.clear();
  await Promise.allSettled(agents.map((agent) => agent.close()));
}

function createAgent(proxyUrl: string | undefined, timeouts: HttpTimeouts): Dispatcher {
  const poolOptions = {
    headersTimeout: timeouts.readMs,
    bodyTimeout: timeouts.readMs,
    keepAliveTimeout: KEEP_ALIVE_MS,
  };
  if (proxyUrl === undefined || proxyUrl === '') {
    return new Agent({ ...poolOptions, connect: { timeout: timeouts.connectMs } });
  }
  const scheme = new URL(proxyUrl).protocol;
  if (scheme === 'socks5:' || scheme === 'socks5h:') {
    return new Socks5ProxyAgent(proxyUrl, { connect: buildConnector({ timeout: timeouts.connectMs }) });
  }
  if (scheme === 'http:' || scheme === 'https:') {
    return new ProxyAgent({
      uri: proxyUrl,
      ...poolOptions,
      proxyTls: { timeout: timeouts.connectMs },
      requestTls: { timeout: timeouts.connectMs },
    });
  }
  throw new TypeError(`Unsupported proxy scheme '${scheme}': use http, https or socks5.`);
}

/** A timeout as undici and Node timers take it: a whole number of ms, 0 = none. */
function timerMs(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.min(Math.ceil(ms), MAX_TIMER_MS) : 0;
}

/**
 * undici's handler callbacks of the legacy style, the one that still receives `onRequestSent`
 * (undici 7's `UnwrapHandler` forwards no `onRequestSent` to `onRequestStart`-style handlers).
 */
interface LegacyHandler {
  onConnect?(abort: (error?: Error) => void, context?: unknown): void;
  onResponseStarted?(): void;
  onHeaders?(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: string[] | null): void;
  onError?(error: Error): void;
  onUpgrade?(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void;
  onBodySent?(chunk: unknown): void;
  onRequestSent?(): void;
}

/**
 * Sets the read timeout on every request, times the write, and names the timeout in errors.
 * Handlers without the legacy callbacks (none of undici's own APIs) only get the read timeout.
 */
function timeoutInterceptor(timeouts: HttpTimeouts): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const timed: Dispatcher.DispatchOptions = {
      ...options,
      headersTimeout: options.headersTimeout ?? timeouts.readMs,
      bodyTimeout: options.bodyTimeout ?? timeouts.readMs,
    };
    const downstream = handler as LegacyHandler;
    if (typeof downstream.onConnect !== 'function') return dispatch(timed, handler);
    const timesWrite = timeouts.writeMs > 0 && chunkLargeBody(timed);
    const limits: RequestTimeouts = {
      connectMs: timeouts.connectMs,
      writeMs: timesWrite ? timeouts.writeMs : 0,
      headersMs: timed.headersTimeout ?? 0,
      bodyMs: timed.bodyTimeout ?? 0,
    };
    return dispatch(timed, new TimeoutHandler(downstream, limits) as Dispatcher.DispatchHandler);
  };
}

/**
 * Replaces a Buffer or string body larger than {@link CHUNKED_BODY_MIN_BYTES} with an iterable of chunks
 * and sets its `content-length` (else undici would send it chunked), in place.
 * @returns whether the write of this body is worth timing: true for chunked and stream bodies,
 *   false for small ones (undici hands them to the socket in one write and reports them sent at once)
 */
function chunkLargeBody(options: Dispatcher.DispatchOptions): boolean {
  const body: unknown = options.body;
  if (body === null || body === undefined) return false;
  if (typeof body === 'string') {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: most strings need no byte count.
    if (body.length * 3 <= CHUNKED_BODY_MIN_BYTES || Buffer.byteLength(body) <= CHUNKED_BODY_MIN_BYTES) {
      return false;
    }
  } else if (body instanceof Uint8Array) {
    if (body.byteLength <= CHUNKED_BODY_MIN_BYTES) return false;
  } else {
    return true;
  }
  const bytes =
    typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const headers = withContentLength(options.headers, bytes.byteLength);
  if (headers === undefined) return false;
  options.headers = headers;
  // undici writes any iterable body (lib/core/request.js, lib/dispatcher/client-h1.js
  // `writeIterable`), though its DispatchOptions type lists none.
  options.body = chunksOf(bytes) as unknown as Exclude<Dispatcher.DispatchOptions['body'], undefined>;
  return true;
}

/** A re-iterable view of `bytes` in {@link BODY_CHUNK_BYTES} slices (no copies). */
function chunksOf(bytes: Buffer): Iterable<Buffer> {
  return {
    *[Symbol.iterator]() {
      for (let offset = 0; offset < bytes.byteLength; offset += BODY_CHUNK_BYTES) {
        yield bytes.subarray(offset, offset + BODY_CHUNK_BYTES);
      }
    },
  };
}

/** The headers plus `content-length` (kept when already there); undefined for shapes it does not edit. */
function withContentLength(
  headers: Dispatcher.DispatchOptions['headers'],
  length: number,
): Dispatcher.DispatchOptions['headers'] | undefined {
  const value = String(length);
  if (headers === null || headers === undefined) return { 'content-length': value };
  if (Array.isArray(headers)) {
    const flat = headers as string[];
    for (let index = 0; index < flat.length; index += 2) {
      if (flat[index]?.toLowerCase() === 'content-length') return headers;
    }
    return [...flat, 'content-length', value];
  }
  if (Symbol.iterator in headers) return undefined;
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-length') return headers;
  return { ...(headers as Record<string, string | string[]>), 'content-length': value };
}

/** The effective timeouts of one request, ms, 0 = none. */
interface RequestTimeouts {
  readonly connectMs: number;
  readonly writeMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
}

/** Forwards every callback; runs the write timer; names undici's timeout errors. */
class TimeoutHandler implements LegacyHandler {
  readonly #downstream: LegacyHandler;
  readonly #timeouts: RequestTimeouts;
  #writeTimer: NodeJS.Timeout | undefined;

  constructor(downstream: LegacyHandler, timeouts: RequestTimeouts) {
    this.#downstream = downstream;
    this.#timeouts = timeouts;
  }

  onConnect(abort: (error?: Error) => void, context?: unknown): void {
    this.#clearWriteTimer();
    const writeMs = this.#timeouts.writeMs;
    if (writeMs > 0) {
      this.#writeTimer = setTimeout(() => {
        this.#writeTimer = undefined;
        abort(new HttpTimeoutError('write', writeMs, WRITE_TIMEOUT_CODE));
      }, writeMs).unref();
    }
    this.#downstream.onConnect?.(abort, context);
  }

  onBodySent(chunk: unknown): void {
    this.#downstream.onBodySent?.(chunk);
  }

  onRequestSent(): void {
    this.#clearWriteTimer();
    this.#downstream.onRequestSent?.();
  }

  onResponseStarted(): void {
    this.#downstream.onResponseStarted?.();
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    this.#clearWriteTimer();
    return this.#downstream.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    return this.#downstream.onData?.(chunk) ?? true;
  }

  onComplete(trailers: string[] | null): void {
    this.#clearWriteTimer();
    this.#downstream.onComplete?.(trailers);
  }

  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: Duplex): void {
    this.#clearWriteTimer();
    this.#downstream.onUpgrade?.(statusCode, headers, socket);
  }

  onError(error: Error): void {
    this.#clearWriteTimer();
    const named = this.#nameTimeout(error);
    if (!this.#downstream.onError) throw named;
    this.#downstream.onError(named);
  }

  #clearWriteTimer(): void {
    if (this.#writeTimer === undefined) return;
    clearTimeout(this.#writeTimer);
    this.#writeTimer = undefined;
  }

  /** undici's timeout errors as {@link HttpTimeoutError}s carrying the configured value. */
  #nameTimeout(error: Error): Error {
    const code = (error as { code?: unknown }).code;
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return new HttpTimeoutError('connect', this.#timeouts.connectMs, code, error);
      case 'UND_ERR_HEADERS_TIMEOUT':
        return new HttpTimeoutError('headers', this.#timeouts.headersMs, code, error);
      case 'UND_ERR_BODY_TIMEOUT':
        return new HttpTimeoutError('body', this.#timeouts.bodyMs, code, error);
      default:
        return error;
    }
  }
}
