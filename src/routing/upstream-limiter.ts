/**
 * Per-upstream traffic limits (seed 004: `PROVIDER_RATE_LIMIT`, `PROVIDER_RATE_WINDOW`,
 * `PROVIDER_MAX_CONCURRENCY`): a request starts when fewer than `maxConcurrency` requests are in
 * flight and fewer than `rateLimit` started in the last `rateWindowMs` (sliding window). Otherwise it
 * waits in a strict FIFO queue of at most `queueSize` entries for at most `queueTimeoutMs`; a request
 * that finds the queue full, or waits too long, is refused with `UpstreamBusyError` (429).
 */
import type { UpstreamLimits } from '../config/switchboard-config.js';
import { UpstreamBusyError, type UpstreamBusyLimit } from '../errors/upstream-busy-error.js';

/** A permission to run one upstream request; release it when the request ends (last byte or error). */
export interface LimiterSlot {
  /** Frees the slot and wakes the next waiter; calling it again does nothing. */
  release(): void;
}

/** Time source and timers of a limiter; the real ones by default, injectable for tests. */
export interface LimiterClock {
  /** Current time, ms (monotonic by default: `performance.now()`). */
  now(): number;
  /** Calls `callback` once after `delayMs` ms; returns a handle for {@link clearTimer}. */
  setTimer(callback: () => void, delayMs: number): unknown;
  /** Cancels a timer of {@link setTimer}. */
  clearTimer(handle: unknown): void;
}

/** `performance.now()` and unref'd Node timers (a waiting request keeps no process alive by itself). */
const SYSTEM_CLOCK: LimiterClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const NOOP_SLOT: LimiterSlot = Object.freeze({ release: () => undefined });
/** The one promise every unlimited `acquire` returns: nothing allocated on the hot path. */
const NOOP_SLOT_PROMISE: Promise<LimiterSlot> = Promise.resolve(NOOP_SLOT);

/** Weight of the newest hold time in the moving average of slot hold times. */
const HOLD_AVERAGE_WEIGHT = 0.2;
/** Retry-After estimate when only concurrency blocks and no slot was released yet, ms. */
const MIN_CONCURRENCY_WAIT_MS = 1000;
/** Dropped window entries kept at the front of the start list before it is compacted. */
const COMPACT_AFTER = 64;

/** One queued request (a node of the FIFO's doubly linked list). */
interface Waiter {
  readonly resolve: (slot: LimiterSlot) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  timer: unknown;
  /** Still in the queue (neither started, refused nor aborted). */
  waiting: boolean;
  previous: Waiter | undefined;
  next: Waiter | undefined;
}

/**
 * The limiter of one upstream. Counters are exact for limited upstreams; an unlimited limiter hands
 * out a shared no-op slot and counts nothing (`inFlight` and `queued` stay 0).
 */
export class UpstreamLimiter {
  /** Upstream id, for refusal messages. */
  readonly upstreamId: string;
  readonly limits: UpstreamLimits;
  /** True when neither a rate nor a concurrency limit is set: `acquire` always resolves at once. */
  readonly unlimited: boolean;

  readonly #clock: LimiterClock;
  readonly #rateLimited: boolean;
  /** Start times (ms) inside the window, oldest at `#startHead`; at most `rateLimit` of them. */
  #starts: number[] = [];
  #startHead = 0;
  #inFlight = 0;
  #queued = 0;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  /** The one window-expiry timer, armed while the queue head waits for the rate window only. */
  #windowTimer: unknown;
  #windowTimerArmed = false;
  /** Moving average of how long a slot is held, ms; undefined until the first release. */
  #averageHoldMs: number | undefined;

  /**
   * @param upstreamId upstream id, named in refusal messages (never a secret)
   * @param limits counts and ms; `rateLimit` 0 (or `rateWindowMs` 0) = no rate limit,
   *   `maxConcurrency` 0 = no concurrency limit, `queueSize` 0 = refuse at once when busy,
   *   `queueTimeoutMs` 0 = wait without a time limit
   * @param clock time source and timers (tests inject a fake one)
   */
  constructor(upstreamId: string, limits: UpstreamLimits, clock: LimiterClock = SYSTEM_CLOCK) {
    this.upstreamId = upstreamId;
    this.limits = limits;
    this.#clock = clock;
    this.#rateLimited = limits.rateLimit > 0 && limits.rateWindowMs > 0;
    this.unlimited = !this.#rateLimited && limits.maxConcurrency <= 0;
  }

  /** Requests holding a slot now (0 for an unlimited limiter). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Waits for a slot of this upstream.
   * @param signal the request's signal: aborting it while queued removes the request from the queue
   * @returns the slot; the caller must `release()` it when the upstream request ends
   * @throws UpstreamBusyError (429) when the queue is full or the wait exceeded `queueTimeoutMs`
   * @throws the signal's reason when it aborts before a slot is granted
   */
  acquire(signal?: AbortSignal): Promise<LimiterSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.unlimited) return NOOP_SLOT_PROMISE;
    if (this.#head !== undefined) this.#drain();
    const now = this.#clock.now();
    if (this.#head === undefined && this.#blockedBy(now) === undefined) {
      return Promise.resolve(this.#start(now));
    }
    if (this.#queued >= this.limits.queueSize) {
      return Promise.reject(this.#refusal('queue-full', now));
    }
    return new Promise<LimiterSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: undefined,
        timer: undefined,
        waiting: true,
        previous: this.#tail,
        next: undefined,
      };
      if (this.#tail) this.#tail.next = waiter;
      else this.#head = waiter;
      this.#tail = waiter;
      this.#queued += 1;
      if (signal) {
        waiter.onAbort = () => {
          this.#remove(waiter);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      if (this.limits.queueTimeoutMs > 0) {
        waiter.timer = this.#clock.setTimer(() => {
          waiter.timer = undefined;
          // A window that expired at this very moment may still let it start.
          this.#drain();
          if (!waiter.waiting) return;
          this.#remove(waiter);
          reject(this.#refusal('queue-timeout', this.#clock.now()));
        }, this.limits.queueTimeoutMs);
      }
      this.#armWindowTimer(now);
    });
  }

  /** Which limit keeps a new request from starting at `now`, if any (prunes the window). */
  #blockedBy(now: number): UpstreamBusyLimit | undefined {
    if (this.limits.maxConcurrency > 0 && this.#inFlight >= this.limits.maxConcurrency) {
      return 'concurrency';
    }
    if (this.#rateLimited) {
      this.#pruneWindow(now);
      if (this.#starts.length - this.#startHead >= this.limits.rateLimit) return 'rate';
    }
    return undefined;
  }

  /** Drops the starts that left the window; compacts the array once half of it is dropped. */
  #pruneWindow(now: number): void {
    const starts = this.#starts;
    const horizon = now - this.limits.rateWindowMs;
    let head = this.#startHead;
    while (head < starts.length && (starts[head] ?? 0) <= horizon) head += 1;
    if (head === starts.length) {
      starts.length = 0;
      head = 0;
    } else if (head >= COMPACT_AFTER && head * 2 >= starts.length) {
      this.#starts = starts.slice(head);
      head = 0;
    }
    this.#startHead = head;
  }

  /** Counts a start at `now` and hands out its slot. */
  #start(now: number): LimiterSlot {
    if (this.#rateLimited) this.#starts.push(now);
    this.#inFlight += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        const heldMs = this.#clock.now() - now;
        this.#averageHoldMs =
          this.#averageHoldMs === undefined
            ? heldMs
            : this.#averageHoldMs + HOLD_AVERAGE_WEIGHT * (heldMs - this.#averageHoldMs);
        this.#drain();
      },
    };
  }

  /** Starts queued requests, oldest first, while the limits allow; never lets one overtake another. */
  #drain(): void {
    while (this.#head) {
      const now = this.#clock.now();
      if (this.#blockedBy(now) !== undefined) {
        this.#armWindowTimer(now);
        return;
      }
      const waiter = this.#head;
      this.#remove(waiter);
      waiter.resolve(this.#start(now));
    }
  }

  /**
   * Arms the one window-expiry timer when the queue head waits for the rate window alone (a release
   * wakes requests that wait for concurrency); it fires when the oldest start leaves the window.
   */
  #armWindowTimer(now: number): void {
    if (this.#windowTimerArmed || this.#head === undefined || this.#blockedBy(now) !== 'rate') return;
    const delayMs = Math.max(1, (this.#starts[this.#startHead] ?? now) + this.limits.rateWindowMs - now);
    this.#windowTimerArmed = true;
    this.#windowTimer = this.#clock.setTimer(() => {
      this.#windowTimerArmed = false;
      this.#windowTimer = undefined;
      this.#drain();
    }, delayMs);
  }

  /** Unlinks a waiter from the queue and drops its timer and abort listener. */
  #remove(waiter: Waiter): void {
    if (waiter.previous) waiter.previous.next = waiter.next;
    else this.#head = waiter.next;
    if (waiter.next) waiter.next.previous = waiter.previous;
    else this.#tail = waiter.previous;
    waiter.previous = undefined;
    waiter.next = undefined;
    waiter.waiting = false;
    this.#queued -= 1;
    if (waiter.timer !== undefined) this.#clock.clearTimer(waiter.timer);
    waiter.timer = undefined;
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.onAbort = undefined;
    if (this.#head === undefined && this.#windowTimerArmed) {
      this.#clock.clearTimer(this.#windowTimer);
      this.#windowTimerArmed = false;
      this.#windowTimer = undefined;
    }
  }

  /** The refusal of a request at `now`, with the estimated wait until it could start. */
  #refusal(reason: 'queue-full' | 'queue-timeout', now: number): UpstreamBusyError {
    const blockedBy = this.#blockedBy(now) ?? (this.#rateLimited ? 'rate' : 'concurrency');
    return new UpstreamBusyError({
      upstreamId: this.upstreamId,
      reason,
      blockedBy,
      limits: this.limits,
      inFlight: this.#inFlight,
      queued: this.#queued,
      retryAfterMs: Math.max(this.#rateWaitMs(now), this.#concurrencyWaitMs()),
    });
  }

  /**
   * Rate limit: time until the oldest start leaves the window, plus one window per `rateLimit`
   * queued requests (they start before a retry would), ms; 0 without a rate limit.
   */
  #rateWaitMs(now: number): number {
    if (!this.#rateLimited) return 0;
    this.#pruneWindow(now);
    const untilOldestExpires =
      this.#starts.length - this.#startHead >= this.limits.rateLimit
        ? (this.#starts[this.#startHead] ?? now) + this.limits.rateWindowMs - now
        : 0;
    return untilOldestExpires + (this.#queued / this.limits.rateLimit) * this.limits.rateWindowMs;
  }

  /**
   * Concurrency limit: slots free at `maxConcurrency` per average hold time, and the queued requests
   * take the next ones; at least 1 s (hold times are unknown until a slot was released), ms.
   */
  #concurrencyWaitMs(): number {
    if (this.limits.maxConcurrency <= 0 || this.#inFlight < this.limits.maxConcurrency) return 0;
    const averageHoldMs = this.#averageHoldMs ?? 0;
    return Math.max(
      MIN_CONCURRENCY_WAIT_MS,
      (averageHoldMs * (this.#queued + 1)) / this.limits.maxConcurrency,
    );
  }
}
