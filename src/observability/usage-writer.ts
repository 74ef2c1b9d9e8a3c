import type Database from 'better-sqlite3';
import type { UsageDatabase } from '../store/sqlite/usage-database.js';
import { prepareUsageInsert, usageRowOf, type UsageRow } from '../store/sqlite/usage-row.js';
import type { Logger } from './logger.js';
import type { UsageSink } from './usage-log.js';
import type { UsageRecord } from './usage-record.js';

/** How often buffered records are written (ms): a crash loses at most about this much usage. */
export const DEFAULT_USAGE_FLUSH_INTERVAL_MS = 500;

/** Most records kept while the database fails; beyond it the oldest are dropped with a warning. */
export const DEFAULT_USAGE_MAX_BUFFERED = 100_000;

/** Options of {@link SqliteUsageWriter}. */
export interface SqliteUsageWriterOptions {
  /** Where flush failures and drops are reported. */
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  /** ms between flushes (default {@link DEFAULT_USAGE_FLUSH_INTERVAL_MS}); 0 = no timer (tests). */
  readonly flushIntervalMs?: number | undefined;
  /** Buffer bound in records (default {@link DEFAULT_USAGE_MAX_BUFFERED}). */
  readonly maxBuffered?: number | undefined;
}

/**
 * Persists usage records to the usage database off the hot path (issue 6): `record` only appends
 * to an in-memory buffer; an `unref`'d timer writes the buffer every `flushIntervalMs` in one
 * transaction (`INSERT OR IGNORE` on `request_id`). A failed flush is logged and its records kept
 * for the next one (bounded by `maxBuffered`, oldest dropped first). `close` flushes, then closes
 * the database, so a clean shutdown loses nothing and a crash at most the last interval.
 */
export class SqliteUsageWriter implements UsageSink {
  readonly #database: UsageDatabase;
  readonly #logger: Pick<Logger, 'warn' | 'error'>;
  readonly #maxBuffered: number;
  readonly #timer: NodeJS.Timeout | undefined;
  #buffer: UsageRow[] = [];
  #insert: Database.Statement<[UsageRow]> | undefined;
  #closed = false;
  #dropped = 0;
  /** Whether a drop was already reported since the last successful flush (one warning per outage). */
  #dropReported = false;

  /**
   * @param database a read-write usage database; the writer closes it in {@link close}
   * @param options logger, flush interval (ms) and buffer bound (records)
   */
  constructor(database: UsageDatabase, options: SqliteUsageWriterOptions) {
    this.#database = database;
    this.#logger = options.logger;
    this.#maxBuffered = Math.max(1, Math.floor(options.maxBuffered ?? DEFAULT_USAGE_MAX_BUFFERED));
    const interval = options.flushIntervalMs ?? DEFAULT_USAGE_FLUSH_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.flush(), interval);
      this.#timer.unref();
    }
  }

  /** Buffers one record (synchronous, no I/O). Records after {@link close} are ignored. */
  record(entry: UsageRecord): void {
    if (this.#closed) return;
    this.#buffer.push(usageRowOf(entry));
    if (this.#buffer.length > this.#maxBuffered) this.#dropOldest();
  }

  /** Records waiting for the next flush. */
  get pending(): number {
    return this.#buffer.length;
  }

  /**
   * Writes every buffered record in one transaction. Never throws: on failure it logs and keeps
   * the records for the next flush.
   * @returns records written (inserted or already present), 0 on failure or when none were waiting
   */
  flush(): number {
    if (this.#buffer.length === 0 || !this.#database.db.open) return 0;
    const batch = this.#buffer;
    this.#buffer = [];
    try {
      const insert = (this.#insert ??= prepareUsageInsert(this.#database.db));
      this.#database.db.transaction((rows: readonly UsageRow[]) => {
        for (const row of rows) insert.run(row);
      })(batch);
      this.#dropReported = false;
      return batch.length;
    } catch (error) {
      this.#buffer = batch.concat(this.#buffer);
      if (this.#buffer.length > this.#maxBuffered) this.#dropOldest();
      this.#logger.error(
        {
          error: error instanceof Error ? error.message : String(error),
          pending: this.#buffer.length,
          droppedTotal: this.#dropped,
        },
        'usage flush failed; records kept for the next try',
      );
      return 0;
    }
  }

  /** Stops the timer, writes what is buffered and closes the database (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.flush();
    if (this.#buffer.length > 0) {
      this.#logger.error({ lost: this.#buffer.length }, 'usage records could not be written before close');
    }
    this.#database.close();
  }

  #dropOldest(): void {
    const excess = this.#buffer.length - this.#maxBuffered;
    this.#buffer.splice(0, excess);
    this.#dropped += excess;
    if (this.#dropReported) return;
    this.#dropReported = true;
    this.#logger.warn(
      { dropped: excess, droppedTotal: this.#dropped, maxBuffered: this.#maxBuffered },
      'usage buffer full; oldest records dropped',
    );
  }
}
