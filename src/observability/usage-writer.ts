import type Database from 'better-sqlite3';
import type { UsageDatabase } from '../store/sqlite/usage-database.js';
import { UsageInsertThread } from '../store/sqlite/usage-insert-thread.js';
import { prepareUsageInsert, usageRowOf, type UsageRow } from '../store/sqlite/usage-row.js';
import type { Logger } from './logger.js';
import type { UsageSink } from './usage-log.js';
import type { UsageRecord } from './usage-record.js';

/** How often buffered records are written (ms): a crash loses at most about this much usage. */
export const DEFAULT_USAGE_FLUSH_INTERVAL_MS = 500;

/** Most records kept while the database fails; beyond it the oldest are dropped with a warning. */
export const DEFAULT_USAGE_MAX_BUFFERED = 100_000;

/**
 * Buffered records that start a write before the interval is up: bounds what one write copies into
 * the insert thread (about 1 µs a record on the event loop).
 */
export const DEFAULT_USAGE_FLUSH_AT = 512;

/** Options of {@link SqliteUsageWriter}. */
export interface SqliteUsageWriterOptions {
  /** Where flush failures and drops are reported. */
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  /** ms between flushes (default {@link DEFAULT_USAGE_FLUSH_INTERVAL_MS}); 0 = no timer (tests). */
  readonly flushIntervalMs?: number | undefined;
  /** Buffer bound in records (default {@link DEFAULT_USAGE_MAX_BUFFERED}). */
  readonly maxBuffered?: number | undefined;
  /**
   * Records that start a flush at once (default {@link DEFAULT_USAGE_FLUSH_AT}; with a timer only:
   * `flushIntervalMs: 0` leaves every flush to the caller).
   */
  readonly flushAt?: number | undefined;
  /**
   * Where the inserts run: `thread` (default) on a worker thread with its own connection
   * (`UsageInsertThread`), `main` on the event loop. A thread that fails or exits is replaced by
   * the event loop for the rest of the writer's life (with a warning).
   */
  readonly writeOn?: 'thread' | 'main' | undefined;
}

/**
 * Persists usage records to the usage database off the hot path (issue 6): `record` only appends
 * to an in-memory buffer; an `unref`'d timer writes the buffer every `flushIntervalMs` (or once
 * `flushAt` records wait) in one transaction (`INSERT OR IGNORE` on `request_id`), on a worker
 * thread by default, so the inserts never stall the requests being served (issue 7). Flushes run
 * one at a time, in order. A failed flush is logged and its records kept for the next one (bounded
 * by `maxBuffered`, oldest dropped first). `close` flushes, then closes the thread and the
 * database, so a clean shutdown loses nothing and a crash at most the last interval.
 */
export class SqliteUsageWriter implements UsageSink {
  readonly #database: UsageDatabase;
  readonly #logger: Pick<Logger, 'warn' | 'error'>;
  readonly #maxBuffered: number;
  readonly #flushAt: number;
  readonly #timer: NodeJS.Timeout | undefined;
  #buffer: UsageRow[] = [];
  #insert: Database.Statement<[UsageRow]> | undefined;
  /** The insert thread, started by the first write; `null` once it failed (or with `writeOn: main`). */
  #thread: UsageInsertThread | null | undefined;
  /** The flush running or last run: the next one starts after it. */
  #flushing: Promise<number> = Promise.resolve(0);
  #flushScheduled = false;
  #closing: Promise<void> | undefined;
  #dropped = 0;
  /** Whether a drop was already reported since the last successful flush (one warning per outage). */
  #dropReported = false;

  /**
   * @param database a read-write usage database; the writer closes it in {@link close}
   * @param options logger, flush interval (ms), flush threshold and buffer bound (records), and
   *   where the inserts run
   */
  constructor(database: UsageDatabase, options: SqliteUsageWriterOptions) {
    this.#database = database;
    this.#logger = options.logger;
    this.#maxBuffered = Math.max(1, Math.floor(options.maxBuffered ?? DEFAULT_USAGE_MAX_BUFFERED));
    if (options.writeOn === 'main') this.#thread = null;
    const interval = options.flushIntervalMs ?? DEFAULT_USAGE_FLUSH_INTERVAL_MS;
    this.#flushAt =
      interval > 0 ? Math.max(1, Math.floor(options.flushAt ?? DEFAULT_USAGE_FLUSH_AT)) : Infinity;
    if (interval > 0) {
      this.#timer = setInterval(() => void this.flush(), interval);
      this.#timer.unref();
    }
  }

  /** Buffers one record (synchronous, no I/O). Records after {@link close} are ignored. */
  record(entry: UsageRecord): void {
    if (this.#closing !== undefined) return;
    this.#buffer.push(usageRowOf(entry));
    if (this.#buffer.length > this.#maxBuffered) this.#dropOldest();
    if (this.#buffer.length >= this.#flushAt && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        void this.flush();
      });
    }
  }

  /** Records waiting for the next flush (not those of a flush under way). */
  get pending(): number {
    return this.#buffer.length;
  }

  /**
   * Writes every buffered record in one transaction, after the flush under way (if any). Never
   * rejects: on failure it logs and keeps the records for the next flush.
   * @returns records written (inserted or already present), 0 on failure or when none were waiting
   */
  flush(): Promise<number> {
    const next = this.#flushing.then(() => this.#flushNow());
    this.#flushing = next;
    return next;
  }

  /**
   * Stops the timer, writes what is buffered, then closes the insert thread and the database
   * (idempotent: later calls return the same promise). Never rejects.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.flush();
    if (this.#buffer.length > 0) {
      this.#logger.error({ lost: this.#buffer.length }, 'usage records could not be written before close');
    }
    await this.#thread?.close();
    this.#database.close();
  }

  async #flushNow(): Promise<number> {
    if (this.#buffer.length === 0 || !this.#database.db.open) return 0;
    const batch = this.#buffer;
    this.#buffer = [];
    try {
      const written = await this.#write(batch);
      this.#dropReported = false;
      return written;
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

  /**
   * One transaction: on the insert thread while it works, else on the event loop.
   * @throws the driver's error when the transaction failed (nothing of the batch stored)
   */
  async #write(batch: UsageRow[]): Promise<number> {
    if (this.#thread !== null) {
      const thread = (this.#thread ??= new UsageInsertThread(this.#database.path));
      try {
        return await thread.insert(batch);
      } catch (error) {
        if (thread.failure === undefined) throw error;
        this.#thread = null;
        this.#logger.warn(
          { error: thread.failure.message },
          'usage insert thread failed; usage is written on the main thread from now on',
        );
      }
    }
    const db = this.#database.db;
    const insert = (this.#insert ??= prepareUsageInsert(db));
    db.transaction((rows: readonly UsageRow[]) => {
      for (const row of rows) insert.run(row);
    })(batch);
    return batch.length;
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
