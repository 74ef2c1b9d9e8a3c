// Time to first byte and total time of streamed answers, which autocannon does not report: a fixed number
// of requests at a fixed concurrency over an undici pool, timing the first body byte and the end.
import { Pool } from 'undici';
import type { BenchRequest } from './bench-requests.js';
import { percentile } from './stats.js';

/** Percentiles of one measurement, ms. */
export interface StreamTimings {
  readonly ttfbP50Ms: number;
  readonly ttfbP99Ms: number;
  readonly totalP50Ms: number;
  readonly totalP99Ms: number;
  readonly requests: number;
  /** Answers other than 200, and errors. */
  readonly failures: number;
}

/** How many requests, how many at once, and how many unmeasured ones first. */
export interface StreamLoad {
  readonly requests: number;
  readonly concurrency: number;
  readonly warmupRequests: number;
}

/** Sends `load.warmupRequests` then `load.requests` requests, `load.concurrency` at a time, and times them. */
export async function measureStreams(
  url: string,
  request: BenchRequest,
  load: StreamLoad,
): Promise<StreamTimings> {
  const pool = new Pool(url, { connections: load.concurrency, keepAliveTimeout: 60_000 });
  try {
    await sendAll(pool, request, load.warmupRequests, load.concurrency);
    const { ttfb, total, failures } = await sendAll(pool, request, load.requests, load.concurrency);
    return {
      ttfbP50Ms: percentile(ttfb, 0.5),
      ttfbP99Ms: percentile(ttfb, 0.99),
      totalP50Ms: percentile(total, 0.5),
      totalP99Ms: percentile(total, 0.99),
      requests: total.length,
      failures,
    };
  } finally {
    await pool.close();
  }
}

async function sendAll(
  pool: Pool,
  request: BenchRequest,
  count: number,
  concurrency: number,
): Promise<{ ttfb: number[]; total: number[]; failures: number }> {
  const ttfb: number[] = [];
  const total: number[] = [];
  let failures = 0;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      try {
        const timing = await timeOne(pool, request);
        if (timing === undefined) failures += 1;
        else {
          ttfb.push(timing.firstByteMs);
          total.push(timing.totalMs);
        }
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ttfb, total, failures };
}

/** One request: ms to the first body byte and to the end; undefined for a non-200 answer. */
async function timeOne(
  pool: Pool,
  request: BenchRequest,
): Promise<{ firstByteMs: number; totalMs: number } | undefined> {
  const start = performance.now();
  const answer = await pool.request({
    method: request.method,
    path: request.path,
    headers: request.headers,
    body: request.body,
  });
  let firstByte: number | undefined;
  for await (const _chunk of answer.body) firstByte ??= performance.now();
  const end = performance.now();
  if (answer.statusCode !== 200 || firstByte === undefined) return undefined;
  return { firstByteMs: firstByte - start, totalMs: end - start };
}
