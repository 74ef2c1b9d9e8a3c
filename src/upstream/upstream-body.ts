/**
 * How many bytes (received, not yet read) an {@link UpstreamBody} holds before it pauses the
 * connection: 64 KiB, the `highWaterMark` of undici's own body stream and of Node's sockets.
 */
export const UPSTREAM_BODY_HIGH_WATER_BYTES = 64 * 1024;

/** What `dump` reads and drops at most before it closes the connection instead, bytes (as undici's `dump`). */
const DUMP_LIMIT_BYTES = 128 * 1024;

/**
 * How long {@link UpstreamBody.dropRest} waits for the end of a body whose reader is done, ms. An
 * upstream that has sent its last event normally ends its response within a round trip; one that
 * has not ended after this is treated as hung, and its connection is closed.
 */
export const DROP_REST_TIMEOUT_MS = 2_000;

/** The connection's side of a body, given by the dispatch handler at the response headers. */
export interface UpstreamBodySource {
  /** Aborts the request (undici closes the connection); the handler then reports the error to the body. */
  abort(reason: Error): void;
  /** Resumes reading from the connection after {@link UpstreamBody.push} returned false. */
  resume(): void;
}

/**
 * The body of an upstream response as undici's dispatch handler delivers it: Buffer chunks queued
 * as they arrive and read once, either chunk by chunk (`for await`) or whole (`bytes`, `text`,
 * `dump`). It replaces undici's `request()` body stream (a Node `Readable` with its async
 * iterator), which cost about 100 µs of CPU per call more for the same stream (issue 7).
 *
 * Backpressure: past {@link UPSTREAM_BODY_HIGH_WATER_BYTES} of unread chunks `push` returns false and
 * undici stops reading the socket until the reader has taken them. Leaving a `for await` before the
 * end aborts the request (undici closes the connection instead of returning it to the pool), unless
 * the reader called `dropRest` (the rest is dropped as it arrives, bounded); once the end has
 * arrived, it costs nothing. Errors of the connection (reset, read timeout, the
 * request's abort signal) reject the read that waits, or the next one.
 * Source: undici's `Dispatcher.dispatch` handler API (`onHeaders` / `onData` / `onComplete` /
 * `onError`), and its `BodyReadable` (`lib/api/readable.js`), whose mixin methods this mirrors.
 */
export class UpstreamBody implements AsyncIterable<Buffer>, AsyncIterator<Buffer> {
  #chunks: Buffer[] = [];
  #head = 0;
  /** Bytes received and not read yet. */
  #queuedBytes = 0;
  #ended = false;
  #error: Error | undefined;
  #read = false;
  /** Set by `dropRest`: bytes dropped since, and the timer that gives up on the end. */
  #dropping: { bytes: number; readonly timer: NodeJS.Timeout } | undefined;
  readonly #source: UpstreamBodySource;
  #waiter: { resolve(result: IteratorResult<Buffer>): void; reject(error: Error): void } | undefined;

  /**
   * Whether the upstream's body has arrived to its end (every chunk received), even when not all of
   * it has been read yet.
   */
  get receivedEnd(): boolean {
    return this.#ended;
  }

  /** @param source the connection (the dispatch handler, at the headers): aborts the request, resumes reading */
  constructor(source: UpstreamBodySource) {
    this.#source = source;
  }

  /**
   * A chunk arrived (the dispatch handler's `onData`). Handed to a waiting read at once, else queued.
   * @returns false when the unread bytes reached the high-water mark: undici then pauses the socket
   *   until {@link UpstreamBodySource.resume}
   */
  push(chunk: Buffer): boolean {
    if (this.#ended || this.#error !== undefined) return true;
    if (this.#dropping !== undefined) {
      this.#drop(this.#dropping, chunk.byteLength);
      return true;
    }
    const waiter = this.#waiter;
    if (waiter !== undefined && this.#head === this.#chunks.length) {
      this.#waiter = undefined;
      waiter.resolve({ value: chunk, done: false });
      return true;
    }
    this.#chunks.push(chunk);
    this.#queuedBytes += chunk.byteLength;
    return this.#queuedBytes < UPSTREAM_BODY_HIGH_WATER_BYTES;
  }

  /** The body's end arrived (the dispatch handler's `onComplete`). */
  end(): void {
    if (this.#ended || this.#error !== undefined) return;
    this.#ended = true;
    if (this.#dropping !== undefined) clearTimeout(this.#dropping.timer);
    const waiter = this.#waiter;
    if (waiter !== undefined && this.#head === this.#chunks.length) {
      this.#waiter = undefined;
      waiter.resolve({ value: undefined, done: true });
    }
  }

  /**
   * The connection failed or the request was aborted (the dispatch handler's `onError`): a waiting
   * read rejects with `error`, later reads too; chunks not read yet are dropped.
   */
  fail(error: Error): void {
    if (this.#ended || this.#error !== undefined) return;
    this.#error = error;
    if (this.#dropping !== undefined) clearTimeout(this.#dropping.timer);
    this.#dropQueue();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }

  /**
   * The chunks, one per turn, as they arrive.
   * @throws TypeError when the body was already read (it is read once)
   */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    this.#claim();
    return this;
  }

  /**
   * The next chunk: at once when one is queued, else when it arrives.
   * @throws the connection's error (`HttpTimeoutError`, a socket error, the abort signal's reason)
   */
  next(): Promise<IteratorResult<Buffer>> {
    if (this.#head < this.#chunks.length) return Promise.resolve({ value: this.#take(), done: false });
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter !== undefined)
      return Promise.reject(new TypeError('The upstream body is already being read.'));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /**
   * The reader stops (a `for await` left early): before the end, the request is aborted and the
   * connection closed, unless {@link dropRest} was called first; after the end, nothing happens.
   */
  return(): Promise<IteratorResult<Buffer>> {
    if (this.#dropping === undefined) this.#abortRest('The upstream body was left before its end.');
    this.#dropQueue();
    return Promise.resolve({ value: undefined, done: true });
  }

  /**
   * The reader is done with a body whose end may not have arrived yet (a translated stream is over
   * at its last event; the chunked body's end can come in a later packet): what is queued and what
   * still comes is dropped as it arrives, so that the connection goes back to the pool at the end
   * instead of being closed. The request is aborted (the connection closed) when more than 128 KiB
   * come, or the end has not come within `timeoutMs`. Call it before leaving the `for await`;
   * nothing is read after it. No-op once the body has ended or failed.
   * @param timeoutMs how long to wait for the end, ms (the timer does not keep the process alive)
   */
  dropRest(timeoutMs: number = DROP_REST_TIMEOUT_MS): void {
    if (this.#ended || this.#error !== undefined || this.#dropping !== undefined) return;
    const timer = setTimeout(
      () => this.#abortRest('The upstream body did not end after its reader was done.'),
      timeoutMs,
    );
    timer.unref();
    const dropping = { bytes: 0, timer };
    this.#dropping = dropping;
    const queued = this.#queuedBytes;
    const paused = this.#paused;
    this.#dropQueue();
    this.#drop(dropping, queued);
    if (paused && this.#error === undefined) this.#source.resume();
  }

  /**
   * The whole body, its chunks joined (no copy when it came in one chunk).
   * @throws TypeError when the body was already read; the connection's error when it fails
   */
  async bytes(): Promise<Buffer> {
    this.#claim();
    const chunks: Buffer[] = [];
    for (let result = await this.next(); result.done !== true; result = await this.next())
      chunks.push(result.value);
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  }

  /**
   * The whole body as UTF-8 text, a leading byte order mark dropped (as undici's `text()`: WHATWG
   * Encoding, "UTF-8 decode").
   * @throws as {@link bytes}
   */
  async text(): Promise<string> {
    const text = (await this.bytes()).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /**
   * Reads and drops the body so the connection can serve another request; past 128 KiB the request
   * is aborted instead (the connection is closed). Never throws: a failing connection is dropped.
   */
  async dump(): Promise<void> {
    if (this.#read) return;
    this.#read = true;
    let dropped = 0;
    try {
      for (let result = await this.next(); result.done !== true; result = await this.next()) {
        dropped += result.value.byteLength;
        if (dropped > DUMP_LIMIT_BYTES) {
          await this.return();
          return;
        }
      }
    } catch {
      // The connection failed: nothing left to drop.
    }
  }

  /** Forgets the chunks received and not read yet. */
  #dropQueue(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#queuedBytes = 0;
  }

  /** Whether undici paused the connection: `push` said false exactly when the unread bytes reached the mark. */
  get #paused(): boolean {
    return this.#queuedBytes >= UPSTREAM_BODY_HIGH_WATER_BYTES;
  }

  /** Counts bytes dropped after `dropRest`; past 128 KiB, aborts the request. */
  #drop(dropping: { bytes: number }, bytes: number): void {
    dropping.bytes += bytes;
    if (dropping.bytes > DUMP_LIMIT_BYTES)
      this.#abortRest('The upstream body went on past 128 KiB after its reader was done.');
  }

  /** Before the end: fails the body with an `AbortError` of `message` and aborts the request. */
  #abortRest(message: string): void {
    if (this.#ended || this.#error !== undefined) return;
    const reason = new Error(message);
    reason.name = 'AbortError';
    this.fail(reason);
    this.#source.abort(reason);
  }

  #claim(): void {
    if (this.#read) throw new TypeError('The upstream body was already read.');
    this.#read = true;
  }

  /** The next queued chunk; resumes the connection once the queue is under the high-water mark. */
  #take(): Buffer {
    const chunk = this.#chunks[this.#head] as Buffer;
    this.#head += 1;
    const paused = this.#paused;
    this.#queuedBytes -= chunk.byteLength;
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    }
    if (paused && !this.#paused) {
      // undici may deliver further chunks from inside resume(): the state above is settled.
      this.#source.resume();
    }
    return chunk;
  }
}
