import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { USAGE_BUSY_TIMEOUT_MS } from './usage-database.js';
import { usageInsertSql, type UsageRow } from './usage-row.js';

/** What the worker is started with. */
interface InsertThreadData {
  /** Absolute path of the better-sqlite3 entry point, resolved by the main thread. */
  readonly driver: string;
  /** The usage database file (already created and migrated by the main thread's connection). */
  readonly file: string;
  /** The `INSERT OR IGNORE` statement (`usageInsertSql`), with `@column` parameters. */
  readonly sql: string;
  readonly busyTimeoutMs: number;
}

/** A batch for the worker, and its answers: one per batch, in order, or one `fatal` and the end. */
type InsertMessage = { readonly id: number; readonly rows: readonly UsageRow[] } | { readonly close: true };
type InsertAnswer =
  | { readonly id: number; readonly written: number }
  | { readonly id: number; readonly error: string }
  | { readonly fatal: string };

/**
 * The worker's program (CommonJS, run with `eval`): its own better-sqlite3 connection to the WAL
 * file, one transaction per batch, one answer per batch in order. The statement is prepared for a
 * batch when none is ready (a failed batch drops it, so a table that was away is found again).
 * Errors travel as their messages (the driver's errors do not survive the copy between threads);
 * a connection that cannot be opened is `fatal`. Kept as text so that it runs the same from the
 * bundle (`dist/switchboard.cjs`) and from the TypeScript sources (tests), which have no common
 * worker file to point at.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const messageOf = (error) => (error && error.message) || String(error);
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  db.pragma('synchronous = NORMAL');
} catch (error) {
  parentPort.postMessage({ fatal: messageOf(error) });
  parentPort.close();
}
let insertAll;
if (db !== undefined) parentPort.on('message', (message) => {
  if (message.close) { db.close(); parentPort.close(); return; }
  try {
    if (insertAll === undefined) {
      const insert = db.prepare(workerData.sql);
      insertAll = db.transaction((rows) => { for (const row of rows) insert.run(row); });
    }
    insertAll(message.rows);
    parentPort.postMessage({ id: message.id, written: message.rows.length });
  } catch (error) {
    insertAll = undefined;
    parentPort.postMessage({ id: message.id, error: messageOf(error) });
  }
});
`;

/** A batch sent and not answered yet. */
interface Waiting {
  readonly resolve: (written: number) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Writes usage rows on a worker thread, so a batch's SQLite inserts (about 6 µs a row with the
 * table's indexes: a 15 ms stall of the event loop for the 2,500 rows of half a second at
 * 5,000 req/s) run beside the gateway's requests instead of between them. The worker opens its own
 * better-sqlite3 connection to the same file (WAL: the main thread's connection keeps reading, and
 * the management API's queries see every committed batch). The main thread pays only the copy of
 * the rows into the worker (structured clone, about 1 µs a row). The worker does not keep the
 * process alive.
 */
export class UsageInsertThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  /** Set once the worker failed or exited: every later batch is refused with it. */
  #failure: Error | undefined;
  readonly #exited: Promise<void>;

  /**
   * Starts the worker (it opens the file in the background; an open that fails surfaces as the
   * rejection of the first batch).
   * @param file absolute path of a usage database already migrated (`openUsageDatabase`)
   */
  constructor(file: string) {
    const workerData: InsertThreadData = {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      sql: usageInsertSql(),
      busyTimeoutMs: USAGE_BUSY_TIMEOUT_MS,
    };
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    this.#worker.unref();
    this.#worker.on('message', (answer: InsertAnswer) => this.#answer(answer));
    this.#worker.on('error', (error: unknown) =>
      this.#fail(error instanceof Error && error.message !== '' ? error : new Error(String(error))),
    );
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#fail(new Error(`usage insert thread exited (code ${code})`));
        resolve();
      });
    });
  }

  /** Why the thread can no longer write (it failed or exited), if so. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Inserts the rows in one transaction on the worker (`INSERT OR IGNORE`: a row whose request id
   * is already stored is skipped).
   * @returns the number of rows sent (inserted or already present)
   * @throws Error (as a rejection) with the driver's message when the transaction failed (nothing of
   *   the batch is stored), or when the thread failed or exited (the batch may or may not be stored;
   *   `INSERT OR IGNORE` makes sending it again safe)
   */
  insert(rows: readonly UsageRow[]): Promise<number> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = (this.#nextId += 1);
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, rows } satisfies InsertMessage);
    });
  }

  /** Lets the worker finish the batches sent, close its connection and exit (idempotent). */
  async close(): Promise<void> {
    // Held by the thread until it exits, so the process does not end in the middle of a batch.
    this.#worker.ref();
    if (this.#failure === undefined) this.#worker.postMessage({ close: true } satisfies InsertMessage);
    await this.#exited;
  }

  #answer(answer: InsertAnswer): void {
    if ('fatal' in answer) {
      this.#fail(new Error(`usage insert thread: ${answer.fatal}`));
      return;
    }
    const waiting = this.#waiting.get(answer.id);
    if (waiting === undefined) return;
    this.#waiting.delete(answer.id);
    if ('error' in answer) waiting.reject(new Error(answer.error));
    else waiting.resolve(answer.written);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#waiting.values()) waiting.reject(this.#failure);
    this.#waiting.clear();
  }
}
