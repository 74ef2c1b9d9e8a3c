import { UpstreamBody } from '../../src/upstream/upstream-body.js';

/**
 * Feeds an {@link UpstreamBody} the way undici's dispatch handler does (`push` / `end` / `fail`,
 * pausing on `push` → false until `resume`), for relay tests without a socket. Records whether the
 * reader aborted the call (left a `for await` before the end).
 */
export class UpstreamBodyFeed {
  readonly body: UpstreamBody;
  /** The reason the reader aborted the call with; undefined while it has not. */
  aborted: Error | undefined;
  /** Chunks handed to the body so far. */
  pushed = 0;
  #paused = false;
  #resumed: (() => void) | undefined;

  constructor() {
    this.body = new UpstreamBody({
      abort: (reason) => {
        this.aborted = reason;
        this.#resumed?.();
      },
      resume: () => {
        this.#paused = false;
        this.#resumed?.();
      },
    });
  }

  /** Hands one chunk to the body now (strings as UTF-8). */
  write(chunk: string | Buffer): void {
    this.pushed += 1;
    if (!this.body.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) this.#paused = true;
  }

  /** The body's end arrives. */
  end(): void {
    this.body.end();
  }

  /** The connection fails. */
  fail(error: Error): void {
    this.body.fail(error);
  }

  /**
   * Feeds the chunks one per macrotask, honouring backpressure, then ends the body; an error thrown
   * by `chunks` fails it. Stops once the reader aborted.
   */
  async pump(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<void> {
    try {
      for await (const chunk of chunks) {
        await new Promise((resolve) => setImmediate(resolve));
        while (this.#paused && this.aborted === undefined) {
          await new Promise<void>((resolve) => (this.#resumed = resolve));
        }
        if (this.aborted !== undefined) return;
        this.write(chunk);
      }
      this.end();
    } catch (error) {
      this.fail(error as Error);
    }
  }
}

/** An {@link UpstreamBody} fed `chunks` in the background (see {@link UpstreamBodyFeed.pump}). */
export function upstreamBodyOf(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): {
  readonly body: UpstreamBody;
  readonly feed: UpstreamBodyFeed;
  /** Settles when every chunk was handed over and the body ended (or the reader aborted). */
  readonly pumped: Promise<void>;
} {
  const feed = new UpstreamBodyFeed();
  const pumped = feed.pump(chunks);
  return { body: feed.body, feed, pumped };
}
