import type { UsageRecord } from './usage-record.js';

/** Where finished requests' usage goes. `record` must be cheap and never throw (hot path). */
export interface UsageSink {
  /** Takes one finished request's record; called exactly once per request. */
  record(entry: UsageRecord): void;
}

/** How many records the in-memory log keeps by default (the oldest are dropped first). */
export const DEFAULT_USAGE_LOG_CAPACITY = 10_000;

/**
 * The in-memory usage log: the latest records in a bounded ring (`capacity`, default 10 000),
 * plus a running count of every record ever taken. Further sinks (a database, metrics) can be
 * attached with {@link UsageLog.addSink}; they receive every record after it is stored.
 */
export class UsageLog implements UsageSink {
  readonly #capacity: number;
  readonly #entries: UsageRecord[] = [];
  readonly #sinks: UsageSink[] = [];
  #total = 0;

  /** @param capacity records kept in memory, ≥ 1 */
  constructor(capacity: number = DEFAULT_USAGE_LOG_CAPACITY) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Stores a record (dropping the oldest past capacity) and hands it to every attached sink. */
  record(entry: UsageRecord): void {
    this.#total += 1;
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    for (const sink of this.#sinks) {
      try {
        sink.record(entry);
      } catch {
        // A failing sink must never fail the request whose usage it was given.
      }
    }
  }

  /** Attaches a sink that receives every later record. */
  addSink(sink: UsageSink): void {
    this.#sinks.push(sink);
  }

  /** The records kept, oldest first (a copy). */
  records(): UsageRecord[] {
    return [...this.#entries];
  }

  /** How many records were ever taken (including those dropped from memory). */
  get total(): number {
    return this.#total;
  }

  /** Forgets the kept records and the total (tests, `usage reset`). */
  clear(): void {
    this.#entries.length = 0;
    this.#total = 0;
  }
}
