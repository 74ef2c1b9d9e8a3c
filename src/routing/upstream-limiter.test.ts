import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpstreamConfig, UpstreamLimits } from '../config/switchboard-config.js';
import { UpstreamBusyError } from '../errors/upstream-busy-error.js';
import { UpstreamLimiter, type LimiterClock, type LimiterSlot } from './upstream-limiter.js';
import { limiterFor } from './upstream-limiters.js';

/** Vitest's fake timers drive both the clock and the timers. */
const FAKE_CLOCK: LimiterClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const NO_LIMITS: UpstreamLimits = {
  rateLimit: 0,
  rateWindowMs: 60_000,
  maxConcurrency: 0,
  queueSize: 256,
  queueTimeoutMs: 60_000,
};

function limiter(limits: Partial<UpstreamLimits>): UpstreamLimiter {
  return new UpstreamLimiter('groq', { ...NO_LIMITS, ...limits }, FAKE_CLOCK);
}

/** Settles pending promise callbacks without moving the clock. */
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('UpstreamLimiter', () => {
  it('never lets more than maxConcurrency requests run under 200 parallel acquires', async () => {
    const limits = limiter({ maxConcurrency: 5, queueSize: 500 });
    let running = 0;
    let peak = 0;
    const run = async (index: number): Promise<number> => {
      const slot = await limits.acquire();
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1 + (index % 7)));
      running -= 1;
      slot.release();
      return index;
    };
    const all = Promise.all(Array.from({ length: 200 }, (_, index) => run(index)));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await all).toHaveLength(200);
    expect(peak).toBe(5);
    expect(limits.inFlight).toBe(0);
    expect(limits.queued).toBe(0);
  });

  it('starts queued requests in FIFO order, without overtaking', async () => {
    const limits = limiter({ maxConcurrency: 1 });
    const first = await limits.acquire();
    const order: number[] = [];
    const slots: LimiterSlot[] = [];
    const waiting = [1, 2, 3].map((index) =>
      limits.acquire().then((slot) => {
        order.push(index);
        slots.push(slot);
      }),
    );
    expect(limits.queued).toBe(3);
    first.release();
    await flush();
    expect(order).toEqual([1]);
    slots[0]?.release();
    await flush();
    slots[1]?.release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('holds the 4th start of a 3-per-1000-ms window until the window moves', async () => {
    const limits = limiter({ rateLimit: 3, rateWindowMs: 1000 });
    const start = Date.now();
    for (let index = 0; index < 3; index += 1) (await limits.acquire()).release();
    let startedAt: number | undefined;
    void limits.acquire().then(() => (startedAt = Date.now()));
    await vi.advanceTimersByTimeAsync(999);
    expect(startedAt).toBeUndefined();
    expect(limits.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toBe(start + 1000);
    expect(limits.queued).toBe(0);
  });

  it('keeps the window sliding: starts spread over time free up one by one', async () => {
    const limits = limiter({ rateLimit: 2, rateWindowMs: 1000 });
    (await limits.acquire()).release(); // t = 0
    await vi.advanceTimersByTimeAsync(400);
    (await limits.acquire()).release(); // t = 400
    const started: number[] = [];
    const base = Date.now() - 400;
    const waiting = [limits.acquire(), limits.acquire()].map((promise) =>
      promise.then(() => started.push(Date.now() - base)),
    );
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(waiting);
    expect(started).toEqual([1000, 1400]);
  });

  it('refuses at once with a 429 UpstreamBusyError when the queue is full', async () => {
    const limits = limiter({ maxConcurrency: 1, queueSize: 2 });
    await limits.acquire();
    const queued = [limits.acquire(), limits.acquire()];
    const refusal = await limits.acquire().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UpstreamBusyError);
    const busy = refusal as UpstreamBusyError;
    expect(busy.status).toBe(429);
    expect(busy.code).toBe('rate_limited');
    expect(busy.wireCode).toBe('upstream_busy');
    expect(busy.retryable).toBe(false);
    expect(busy.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(busy.retryAfterSeconds)).toBe(true);
    expect(busy.message).toBe(
      "Upstream 'groq' is at its limit of 1 in-flight request(s) and 2 waiting; retry in 1 s.",
    );
    expect(busy.details).toEqual({ upstream: 'groq', limit: 'queue', in_flight: 1, queued: 2 });
    expect(limits.queued).toBe(2);
    void Promise.allSettled(queued);
  });

  it('estimates Retry-After from the rate window and the queue ahead', async () => {
    const limits = limiter({ rateLimit: 2, rateWindowMs: 10_000, queueSize: 4 });
    await limits.acquire();
    await limits.acquire();
    await vi.advanceTimersByTimeAsync(3000);
    const queued = [1, 2, 3, 4].map(() => limits.acquire());
    const busy = (await limits.acquire().catch((error: unknown) => error)) as UpstreamBusyError;
    // 7 s until the oldest start leaves the window, plus 4 queued / 2 per window = 2 windows.
    expect(busy.retryAfterSeconds).toBe(27);
    expect(busy.message).toBe(
      "Upstream 'groq' is at its limit of 2 requests per 10 s and 4 waiting; retry in 27 s.",
    );
    expect(busy.details).toMatchObject({ limit: 'queue', queued: 4 });
    void Promise.allSettled(queued);
  });

  it('refuses a request that waited queueTimeoutMs', async () => {
    const limits = limiter({ maxConcurrency: 1, queueTimeoutMs: 500 });
    const held = await limits.acquire();
    const waiting = limits.acquire().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(499);
    expect(limits.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const busy = (await waiting) as UpstreamBusyError;
    expect(busy).toBeInstanceOf(UpstreamBusyError);
    expect(busy.status).toBe(429);
    expect(busy.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(busy.message).toContain("Upstream 'groq' is at its limit of 1 in-flight request(s)");
    expect(busy.details).toEqual({ upstream: 'groq', limit: 'concurrency', in_flight: 1, queued: 0 });
    expect(limits.queued).toBe(0);
    held.release();
    expect(limits.inFlight).toBe(0);
  });

  it('removes an aborted waiter from the queue and rejects with the signal reason', async () => {
    const limits = limiter({ maxConcurrency: 1 });
    const held = await limits.acquire();
    const controller = new AbortController();
    const aborted = limits.acquire(controller.signal).catch((error: unknown) => error);
    const next = limits.acquire();
    expect(limits.queued).toBe(2);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await aborted).toBe(reason);
    expect(limits.queued).toBe(1);
    held.release();
    const slot = await next;
    expect(limits.inFlight).toBe(1);
    slot.release();
    expect(limits.inFlight).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limits = limiter({ maxConcurrency: 1 });
    const reason = new Error('gone');
    await expect(limits.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(limits.inFlight).toBe(0);
  });

  it('makes release idempotent', async () => {
    const limits = limiter({ maxConcurrency: 2 });
    const first = await limits.acquire();
    await limits.acquire();
    first.release();
    first.release();
    expect(limits.inFlight).toBe(1);
  });

  it('hands out one shared slot and one shared promise when unlimited', async () => {
    const limits = limiter({});
    expect(limits.unlimited).toBe(true);
    const first = limits.acquire();
    const second = limits.acquire();
    expect(first).toBe(second);
    const slot = await first;
    expect(slot).toBe(await second);
    slot.release();
    slot.release();
    expect(limits.inFlight).toBe(0);
    expect(limits.queued).toBe(0);
  });

  it('refuses at once when queueSize is 0', async () => {
    const limits = limiter({ maxConcurrency: 1, queueSize: 0 });
    await limits.acquire();
    await expect(limits.acquire()).rejects.toBeInstanceOf(UpstreamBusyError);
  });
});

describe('limiterFor', () => {
  const upstream = (id: string, limits: Partial<UpstreamLimits>): UpstreamConfig =>
    ({ id, limits: { ...NO_LIMITS, ...limits } }) as unknown as UpstreamConfig;

  it('keeps one limiter per upstream until its limits change', () => {
    const first = limiterFor(upstream('a', { maxConcurrency: 2 }));
    expect(limiterFor(upstream('a', { maxConcurrency: 2 }))).toBe(first);
    expect(limiterFor(upstream('b', { maxConcurrency: 2 }))).not.toBe(first);
    const changed = limiterFor(upstream('a', { maxConcurrency: 3 }));
    expect(changed).not.toBe(first);
    expect(changed.limits.maxConcurrency).toBe(3);
  });

  it('gives upstreams without limits the shared unlimited limiter', () => {
    const first = limiterFor(upstream('c', {}));
    expect(first.unlimited).toBe(true);
    expect(limiterFor(upstream('d', { rateLimit: 5, rateWindowMs: 0 }))).toBe(first);
  });
});
