// Fault scenarios, part 1: failures the gateway retries before the first byte (429 with and without
// Retry-After, 500, a reset before the first byte) and the one it must not retry (a reset after the first
// byte). Each runs through both official SDKs (FAULT_ROWS) and checks what the client saw, what reached the
// upstream, and the usage record: one per client request, with outcome, status and attempts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultBench, type FaultBench } from '../support/fault-bench.js';
import { FAULT_ROWS } from '../support/fault-clients.js';
import { poolKeys, startFaultUpstream, type FaultUpstream } from '../support/fault-upstreams.js';

describe.each(FAULT_ROWS)('fault retries: $name', (row) => {
  let upstream: FaultUpstream;
  let bench: FaultBench | undefined;

  beforeAll(async () => {
    upstream = await startFaultUpstream(row.upstream);
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('429 with Retry-After: 0 on key 1 → key 2 serves at once (pool of 2)', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('ra0', 2) });
    upstream.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '0' } });

    await expect(bench.client.ask()).resolves.toBe(upstream.defaultText);

    expect(upstream.keys()).toEqual([bench.keys[0], bench.keys[1]]);
    await bench.expectUsage([
      { outcome: 'complete', status: 200, attempts: 2, stream: false, credentialId: bench.credentialId(1) },
    ]);
  });

  it('429 without Retry-After on a single key → the same key again after a backoff', async () => {
    bench = await startFaultBench(row, upstream, {
      keys: poolKeys('single', 1),
      // The key's own cooldown (no hint: base · 2ⁿ, 10 ms) ends before the request's backoff (50 ms ± 25 %).
      cooldown: { 'rate-limited-base-seconds': 0.01 },
    });
    upstream.enqueue({ kind: 'status', status: 429 });

    const started = performance.now();
    await expect(bench.client.ask()).resolves.toBe(upstream.defaultText);

    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(upstream.keys()).toEqual([bench.keys[0], bench.keys[0]]);
    await bench.expectUsage([
      { outcome: 'complete', status: 200, attempts: 2, credentialId: bench.credentialId(0) },
    ]);
  });

  it('500, then success on the retry', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('five', 2) });
    upstream.enqueue({ kind: 'status', status: 500 });

    await expect(bench.client.ask()).resolves.toBe(upstream.defaultText);

    expect(upstream.requests).toHaveLength(2);
    await bench.expectUsage([{ outcome: 'complete', status: 200, attempts: 2, stream: false }]);
  });

  it('connection reset before the first byte → retried, success', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('reset0', 1) });
    upstream.enqueue({ kind: 'reset-before-first-byte' });

    await expect(bench.client.ask()).resolves.toBe(upstream.defaultText);

    expect(upstream.keys()).toEqual([bench.keys[0], bench.keys[0]]);
    await bench.expectUsage([
      { outcome: 'complete', status: 200, attempts: 2, credentialId: bench.credentialId(0) },
    ]);
  });

  it('connection reset after the first byte → the client stream fails, no retry', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('reset1', 2) });
    upstream.enqueue({ kind: 'reset-after-first-byte' });

    const seen = await bench.client.failure(bench.client.stream());

    // Anthropic SDK: the `error` event rejects finalText(); openai SDK: the error chunk throws from the
    // iterator. Both are APIErrors raised mid-stream (HTTP status 200 was already received).
    expect(seen.thrown).toBeInstanceOf(bench.client.errorClassFor(0));
    expect(String((seen.thrown as Error).message)).toMatch(/broke off/);
    expect(upstream.keys()).toEqual([bench.keys[0]]);
    await bench.expectUsage([
      { outcome: 'failed', status: 200, attempts: 1, stream: true, credentialId: bench.credentialId(0) },
    ]);
  });

  it('a clean stream after the fault scenarios still completes (control)', async () => {
    bench = await startFaultBench(row, upstream, { keys: poolKeys('control', 2) });

    await expect(bench.client.stream()).resolves.toBe(upstream.defaultText);

    expect(upstream.requests).toHaveLength(1);
    await bench.expectUsage([{ outcome: 'complete', status: 200, attempts: 1, stream: true }]);
  });
});
