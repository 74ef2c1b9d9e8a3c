// Traffic limits, part 2: what the limiter refuses and where a refused request goes. A full wait queue and a
// queue timeout answer 429 `upstream_busy` with Retry-After in the client's envelope; a busy upstream hands the
// request to the next candidate that serves the model instead. Each runs through both official SDKs
// (LIMITS_ROWS) and checks what the client saw, what reached the upstream, and the usage records (one per client
// request: `rejected` 429 `upstream_busy` with no upstream attempt for the refused ones).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  failuresOf,
  settle,
  startLimitsBench,
  waitUntil,
  type LimitsBench,
  type SeenFailure,
} from '../support/limits-bench.js';
import { LIMITS_ROWS, startLimitsUpstream, type LimitsUpstream } from '../support/limits-upstreams.js';

describe.each(LIMITS_ROWS)('fault limits, refusals: $name', (row) => {
  let upstream: LimitsUpstream;
  let bench: LimitsBench | undefined;
  let spare: LimitsUpstream | undefined;

  beforeAll(async () => {
    upstream = await startLimitsUpstream(row.upstream);
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
    await spare?.close();
    spare = undefined;
  });
  afterAll(async () => {
    await upstream.close();
  });

  /** The refusal as the client saw it: 429, Retry-After ≥ 1 s, `upstream_busy` and the limit in the envelope. */
  const expectBusy = (failure: SeenFailure | undefined, limit: 'queue' | 'concurrency'): void => {
    expect(failure?.thrown).toBeInstanceOf(bench?.client.errorClassFor(429));
    expect(failure?.status).toBe(429);
    expect(Number(failure?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(failure?.errorObject).toMatchObject({ code: 'upstream_busy', upstream: 'pool', limit });
  };

  it('max-concurrency 2, queue-size 10: of 200 parallel requests 12 are served, 188 refused at once', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      providerLimits: { 'max-concurrency': 2, 'queue-size': 10 },
    });
    // The two first answers take 1.5 s, so every request has arrived (and the surplus was refused) before a
    // slot frees; the ten queued ones are then served quickly.
    upstream.enqueue(
      { kind: 'text', delayMs: 1500 },
      { kind: 'text', delayMs: 1500 },
      ...Array.from({ length: 10 }, () => ({ kind: 'text' as const, delayMs: 20 })),
    );
    const { client } = bench;

    const outcomes = await Promise.all(Array.from({ length: 200 }, () => settle(client, client.ask())));

    const served = outcomes.filter((outcome) => outcome.ok);
    const refused = failuresOf(outcomes);
    expect(served).toHaveLength(12);
    expect(refused).toHaveLength(188);
    expect(served.length + refused.length).toBe(200);
    expect(served.every((outcome) => outcome.ok && outcome.text === upstream.defaultText)).toBe(true);
    for (const failure of refused) expectBusy(failure, 'queue');
    // Refused at once: every refusal reached its client before the first answer did.
    const lastRefusal = Math.max(
      ...outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.endedAt),
    );
    expect(lastRefusal).toBeLessThan(Math.min(...served.map((outcome) => outcome.endedAt)));
    expect(upstream.requests).toHaveLength(12);
    expect(upstream.maxInFlight).toBe(2);
    const records = await bench.usage.records(200);
    const rejected = records.filter((record) => record.outcome === 'rejected');
    expect(rejected).toHaveLength(188);
    for (const record of rejected) {
      expect(record).toMatchObject({ status: 429, errorCode: 'upstream_busy', attempts: 0 });
    }
    const complete = records.filter((record) => record.outcome === 'complete');
    expect(complete).toHaveLength(12);
    for (const record of complete)
      expect(record).toMatchObject({ status: 200, attempts: 1, upstream: 'pool' });
  });

  it('max-concurrency 1, queue-timeout 0.2 s: a request queued behind a slow one is refused after ~0.2 s', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      providerLimits: { 'max-concurrency': 1, 'queue-timeout': 0.2 },
    });
    upstream.enqueue({ kind: 'text', delayMs: 1000 });
    const { client } = bench;

    const slow = settle(client, client.ask());
    await waitUntil(() => upstream.inFlight === 1, 'the slow request at the upstream');
    const queuedAt = performance.now();
    const queued = await settle(client, client.ask());
    const waitedMs = queued.endedAt - queuedAt;

    expect(queued.ok).toBe(false);
    expectBusy(queued.ok ? undefined : queued.failure, 'concurrency');
    expect(waitedMs).toBeGreaterThanOrEqual(180);
    expect(waitedMs).toBeLessThan(700);
    const first = await slow;
    expect(first.ok && first.text).toBe(upstream.defaultText);
    expect(upstream.requests).toHaveLength(1);
    await bench.expectUsage([
      { outcome: 'rejected', status: 429, attempts: 0, errorCode: 'upstream_busy' },
      { outcome: 'complete', status: 200, attempts: 1 },
    ]);
  });

  it('a busy upstream moves the request on to the next upstream that lists the model', async () => {
    spare = await startLimitsUpstream(row.upstream);
    const second = spare;
    bench = await startLimitsBench(row, {
      // The first (in config order) takes one request at a time and queues none; the second has no limit.
      entries: [
        { name: 'first', upstream, limits: { 'max-concurrency': 1 } },
        { name: 'second', upstream: second },
      ],
      providerLimits: { 'queue-size': 0 },
    });
    upstream.enqueue({ kind: 'text', delayMs: 800 });
    const { client } = bench;

    const held = settle(client, client.ask());
    await waitUntil(() => upstream.inFlight === 1, 'the first upstream busy');
    const moved = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        settle(client, index % 2 === 0 ? client.ask() : client.stream()),
      ),
    );

    expect(moved.map((outcome) => outcome.ok && outcome.text)).toEqual(Array(5).fill(second.defaultText));
    const first = await held;
    expect(first.ok && first.text).toBe(upstream.defaultText);
    expect(upstream.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(5);
    const records = await bench.usage.records(6);
    expect(records.filter((record) => record.upstream === 'second')).toHaveLength(5);
    expect(records.filter((record) => record.upstream === 'first')).toHaveLength(1);
    // The refusal by the first upstream is no upstream call: one attempt each, all complete.
    expect(records.every((record) => record.outcome === 'complete' && record.attempts === 1)).toBe(true);
  });
});
