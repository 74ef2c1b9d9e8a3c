// Memory of a server process with many slow streams open: its resident set (VmRSS of /proc/<pid>/status)
// idle, then with N streams that have each received their first chunk; the difference per stream.
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { BenchRequest } from './bench-requests.js';

/** RSS figures of one process, bytes. */
export interface OpenStreamsMemory {
  readonly idleRssBytes: number;
  readonly openRssBytes: number;
  readonly bytesPerStream: number;
  readonly streams: number;
  /** Streams that failed to open. */
  readonly failures: number;
}

/** Streams opened at once while ramping up (keeps the listen backlog small). */
const OPEN_BATCH = 100;
/** Wait before each RSS reading, ms (lets allocation settle; the streams get about two more chunks). */
const SETTLE_MS = 2_000;

/** A process's resident set size, bytes (Linux `/proc/<pid>/status` VmRSS). */
export async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kilobytes) * 1024;
}

/**
 * Reads the idle RSS of `pid`, opens `streams` streaming requests to `url` (the process must be serving
 * them), waits for every first chunk, reads the RSS again, then aborts them all.
 */
export async function measureOpenStreams(
  pid: number,
  url: string,
  request: BenchRequest,
  streams: number,
): Promise<OpenStreamsMemory> {
  await sleep(SETTLE_MS);
  const idleRssBytes = await readRssBytes(pid);
  const pool = new Pool(url, { connections: streams, keepAliveTimeout: 1_000 });
  const abort = new AbortController();
  setMaxListeners(streams + 10, abort.signal);
  const drains: Promise<void>[] = [];
  let failures = 0;
  try {
    for (let opened = 0; opened < streams; opened += OPEN_BATCH) {
      const batch = Array.from({ length: Math.min(OPEN_BATCH, streams - opened) }, () =>
        openStream(pool, request, abort.signal),
      );
      for (const outcome of await Promise.all(batch)) {
        if (outcome === undefined) failures += 1;
        else drains.push(outcome.drained);
      }
    }
    await sleep(SETTLE_MS);
    const openRssBytes = await readRssBytes(pid);
    const open = streams - failures;
    return {
      idleRssBytes,
      openRssBytes,
      bytesPerStream: open > 0 ? (openRssBytes - idleRssBytes) / open : Number.NaN,
      streams: open,
      failures,
    };
  } finally {
    abort.abort();
    await Promise.allSettled(drains);
    await pool.destroy();
  }
}

/**
 * Sends one streaming request and resolves once its first body chunk arrived, with a promise that reads
 * the rest until the stream ends or is aborted (wrapped: a returned promise would be awaited too);
 * undefined when it failed.
 */
async function openStream(
  pool: Pool,
  request: BenchRequest,
  signal: AbortSignal,
): Promise<{ drained: Promise<void> } | undefined> {
  try {
    const answer = await pool.request({ ...request, signal });
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      return undefined;
    }
    const chunks = answer.body[Symbol.asyncIterator]();
    const first = await chunks.next();
    if (first.done === true) return undefined;
    const drained = (async () => {
      try {
        while ((await chunks.next()).done !== true);
      } catch {
        // aborted
      }
    })();
    return { drained };
  } catch {
    return undefined;
  }
}
