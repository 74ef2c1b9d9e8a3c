import { util } from 'undici';
import { UpstreamBody } from './upstream-body.js';

/** Response header fields by lower-case name; a repeated field is an array (undici's `parseHeaders`). */
export type UpstreamResponseHeaders = Record<string, string | string[] | undefined>;

/** The upstream's answer: status, headers and an unread body. */
export interface UpstreamHttpResponse {
  /** HTTP status, ≥ 200 (informational 1xx answers are skipped). */
  readonly statusCode: number;
  readonly headers: UpstreamResponseHeaders;
  /** Read once: chunk by chunk (`for await`) or whole (`bytes`, `text`), or dropped (`dump`). */
  readonly body: UpstreamBody;
}

/**
 * undici's dispatch handler for one upstream call (the legacy callback style, which the timeout
 * interceptor of `./dispatcher.ts` wraps): settles {@link response} with the status and headers,
 * then feeds the body. Without `request()`'s `AsyncResource`, body `Readable` and abort-listener
 * plumbing, a streamed call costs about 100 µs of CPU less (issue 7, scenario 4).
 *
 * The abort signal (the client left) aborts the request at any point; before the headers,
 * `response` rejects with the signal's reason, after them the body's reads do.
 * Source: undici's `Dispatcher.dispatch(options, handler)` API (`onConnect`, `onHeaders`, `onData`,
 * `onComplete`, `onError`), as `lib/api/api-request.js` implements `request()` with it.
 */
export class UpstreamResponseHandler {
  /** Settles once: the response at its headers, or the error that came first. */
  readonly response: Promise<UpstreamHttpResponse>;
  #resolve!: (response: UpstreamHttpResponse) => void;
  #reject!: (error: Error) => void;
  #body: UpstreamBody | undefined;
  #abort: ((reason: Error) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  /** The signal fired: abort the call now, or at `onConnect` when it has no connection yet. */
  readonly #onAbort = (): void => this.#abort?.(abortReason(this.#signal));

  /** @param signal aborts the call (request and body) */
  constructor(signal?: AbortSignal) {
    this.response = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#signal = signal;
    if (signal?.aborted === false) signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** The dispatch failed before undici took it (invalid options): rejects {@link response}. */
  failed(error: Error): void {
    this.#release();
    this.#reject(error);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#signal?.aborted === true) {
      abort(abortReason(this.#signal));
      return;
    }
    this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    const abort = this.#abort;
    const body = new UpstreamBody({ abort: (reason) => abort?.(reason), resume });
    this.#body = body;
    this.#resolve({ statusCode, headers: util.parseHeaders(rawHeaders) as UpstreamResponseHeaders, body });
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.#body?.push(chunk) ?? true;
  }

  onComplete(): void {
    this.#release();
    this.#body?.end();
  }

  onError(error: Error): void {
    this.#release();
    if (this.#body === undefined) this.#reject(error);
    else this.#body.fail(error);
  }

  #release(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

/** The signal's reason as an Error (an `AbortError` when it has none or a non-Error one). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}
