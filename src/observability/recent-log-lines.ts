/** How many log lines {@link RecentLogLines} keeps by default. */
export const DEFAULT_RECENT_LOG_LINES = 1000;

/**
 * A bounded ring of the latest log lines (for `GET /v0/management/logs`). The logger feeds it the
 * same already-scrubbed serialised lines its other destinations get, so it never holds a
 * configured secret. It has a `write` method, so pino can use it as a destination stream.
 */
export class RecentLogLines {
  readonly #capacity: number;
  readonly #ring: (string | undefined)[];
  #next = 0;
  #count = 0;

  /** @param capacity lines kept, ≥ 1 (default {@link DEFAULT_RECENT_LOG_LINES}) */
  constructor(capacity: number = DEFAULT_RECENT_LOG_LINES) {
    this.#capacity = Math.max(1, Math.floor(capacity));
    this.#ring = new Array<string | undefined>(this.#capacity);
  }

  /** How many lines are kept at most. */
  get capacity(): number {
    return this.#capacity;
  }

  /** How many lines are kept now. */
  get size(): number {
    return this.#count;
  }

  /**
   * Takes serialised output: one or more lines (pino writes one line ending in `\n` per call);
   * empty lines are skipped. Always returns true (never asks the writer to wait).
   */
  write(chunk: string | Buffer): boolean {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (const line of text.split('\n')) if (line !== '') this.push(line);
    return true;
  }

  /** Adds one line, dropping the oldest past capacity. */
  push(line: string): void {
    this.#ring[this.#next] = line;
    this.#next = (this.#next + 1) % this.#capacity;
    this.#count = Math.min(this.#count + 1, this.#capacity);
  }

  /**
   * The latest lines, oldest first (a copy).
   * @param limit at most this many (the newest); default all kept
   */
  lines(limit: number = this.#capacity): string[] {
    const take = Math.max(0, Math.min(Math.floor(limit), this.#count));
    const out: string[] = [];
    for (let index = take; index > 0; index -= 1) {
      const line = this.#ring[(this.#next - index + this.#capacity) % this.#capacity];
      if (line !== undefined) out.push(line);
    }
    return out;
  }

  /** Forgets every line. */
  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
    this.#count = 0;
  }
}
