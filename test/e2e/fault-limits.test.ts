// Traffic limits, part 1: what gets through. `max-concurrency` (file and PROVIDER_MAX_CONCURRENCY) caps the
// requests the upstream has in flight, a stream holds its slot until its last byte, and `rate-limit` /
// `rate-window` space the starts out. Each runs through both official SDKs (LIMITS_ROWS) and checks what the
// client saw, what reached the upstream (measured at the fake: in-flight peak, arrival and end times) and the
// usage records: exactly one per client request. Refusals (429 upstream_busy) are in fault-limits-queue.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrompt } from '../support/fault-clients.js';
import {
  maxInWindow,
  minGapAcross,
  peakOverlap,
  settle,
  startLimitsBench,
  type LimitsBench,
} from '../support/limits-bench.js';
import { LIMITS_ROWS, startLimitsUpstream, type LimitsUpstream } from '../support/limits-upstreams.js';

/**
 * Slack for the hop from the gateway's limiter to the fake's clock, ms: the first wave is built and connected
 * while the other client requests still arrive on the same event loop, so it reaches the fake up to ~35 ms
 * later than the next wave does after its slot (measured); a missing limit would put all 30 within ~100 ms.
 */
const HOP_SLACK_MS = 100;

describe.each(LIMITS_ROWS)('fault limits: $name', (row) => {
  let upstream: LimitsUpstream;
  let bench: LimitsBench | undefined;

  beforeAll(async () => {
    upstream = await startLimitsUpstream(row.upstream);
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('max-concurrency 5: 200 parallel requests all succeed, never more than 5 at the upstream', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      providerLimits: { 'max-concurrency': 5 },
    });
    // 20–40 ms per answer: 200 / 5 × 30 ms ≈ 1.2 s. Every other request streams (its slot is held to the end).
    upstream.enqueue(
      ...Array.from({ length: 200 }, (_, index) => ({
        kind: 'text' as const,
        delayMs: 20 + (index % 3) * 10,
      })),
    );
    const { client } = bench;

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        settle(client, index % 2 === 0 ? client.ask() : client.stream()),
      ),
    );

    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes.every((outcome) => outcome.ok && outcome.text === upstream.defaultText)).toBe(true);
    expect(upstream.requests).toHaveLength(200);
    expect(upstream.maxInFlight).toBe(5);
    expect(peakOverlap(upstream.timings())).toBe(5);
    const records = await bench.usage.records(200);
    expect(
      records.filter(
        (record) => record.outcome === 'complete' && record.status === 200 && record.attempts === 1,
      ),
    ).toHaveLength(200);
    expect(records.filter((record) => record.stream)).toHaveLength(100);
  });

  it('max-concurrency 1: a stream holds its slot until its last byte', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      providerLimits: { 'max-concurrency': 1 },
    });
    upstream.enqueue({ kind: 'text', eventDelayMs: 30 }, { kind: 'text', eventDelayMs: 30 });
    const { client } = bench;

    const outcomes = await Promise.all([settle(client, client.stream()), settle(client, client.stream())]);

    expect(outcomes.map((outcome) => outcome.ok && outcome.text)).toEqual([
      upstream.defaultText,
      upstream.defaultText,
    ]);
    expect(upstream.requests).toHaveLength(2);
    const [first, second] = upstream.timings();
    const firstEnded = first?.endedAt ?? Infinity;
    // The first stream took a while (events 30 ms apart), and the second arrived only after its last byte.
    expect(firstEnded - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(150);
    expect(second?.receivedAt).toBeGreaterThanOrEqual(firstEnded);
    expect(upstream.maxInFlight).toBe(1);
    await bench.expectUsage([
      { outcome: 'complete', status: 200, attempts: 1, stream: true },
      { outcome: 'complete', status: 200, attempts: 1, stream: true },
    ]);
  });

  it('rate-limit 10 per 1 s: 30 parallel requests start in three waves, all succeed', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      providerLimits: { 'rate-limit': 10, 'rate-window': 1 },
    });
    const { client } = bench;
    const started = performance.now();

    const outcomes = await Promise.all(Array.from({ length: 30 }, () => settle(client, client.ask())));

    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    const arrivals = upstream.arrivals();
    expect(arrivals).toHaveLength(30);
    // No 11 starts within one window (less the hop's slack); the 11th and 21st start a window after the 1st.
    expect(maxInWindow(arrivals, 1000 - HOP_SLACK_MS)).toBe(10);
    expect(minGapAcross(arrivals, 10)).toBeGreaterThanOrEqual(1000 - HOP_SLACK_MS);
    const sorted = [...arrivals].sort((a, b) => a - b);
    expect((sorted[29] ?? 0) - (sorted[0] ?? 0)).toBeGreaterThanOrEqual(2000 - HOP_SLACK_MS);
    expect(performance.now() - started).toBeLessThan(3000);
    const records = await bench.usage.records(30);
    expect(records.every((record) => record.outcome === 'complete' && record.attempts === 1)).toBe(true);
  });

  it('PROVIDER_MAX_CONCURRENCY=3 from the environment caps the upstream at 3 in flight', async () => {
    bench = await startLimitsBench(row, { entries: [{ upstream }] }, { PROVIDER_MAX_CONCURRENCY: '3' });
    upstream.enqueue(...Array.from({ length: 30 }, () => ({ kind: 'text' as const, delayMs: 30 })));
    const { client } = bench;

    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () => settle(client, client.ask(uniquePrompt('env')))),
    );

    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(upstream.requests).toHaveLength(30);
    expect(upstream.maxInFlight).toBe(3);
    expect(peakOverlap(upstream.timings())).toBe(3);
    const records = await bench.usage.records(30);
    expect(records.every((record) => record.outcome === 'complete' && record.status === 200)).toBe(true);
  });
});
