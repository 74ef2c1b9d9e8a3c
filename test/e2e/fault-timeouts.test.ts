// Upstream HTTP timeouts (`timeouts: {connect, write, read}`, HTTP_*_TIMEOUT): a stream that stalls past the
// read timeout fails with an error naming it (no retry: bytes already reached the client), a non-streaming
// request with no answer in time is retried and then answered 504 `upstream_timeout`, and `read: 0` / `none`
// waits as long as the upstream takes. Each runs through both official SDKs (LIMITS_ROWS) and checks what the
// client saw, what reached the upstream, and the usage record (one per client request). A reset mid-stream is
// fault-retries.test.ts's. undici's timers may fire late: the time bounds are generous.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { settle, startLimitsBench, type LimitsBench, type SeenFailure } from '../support/limits-bench.js';
import {
  LIMITS_ROWS,
  startLimitsUpstream,
  type LimitsConfigOptions,
  type LimitsUpstream,
} from '../support/limits-upstreams.js';

describe.each(LIMITS_ROWS)('fault timeouts: $name', (row) => {
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

  /**
   * Streams once against a fake that stalls after its first events; asserts the client's stream failed with
   * an error naming the read timeout (300 ms) after it fired, one upstream request, usage `failed` 200.
   */
  const expectStallFails = async (): Promise<void> => {
    if (bench === undefined) throw new Error('no bench');
    upstream.enqueue({ kind: 'stall' });
    const started = performance.now();

    const outcome = await settle(bench.client, bench.client.stream());

    const elapsedMs = outcome.endedAt - started;
    expect(outcome.ok).toBe(false);
    const failure = outcome.ok ? undefined : outcome.failure;
    // Anthropic SDK: the SSE `error` event rejects finalText(); openai SDK: the error chunk throws from the
    // iterator. Both are APIErrors raised after HTTP 200 was received.
    expect(failure?.thrown).toBeInstanceOf(bench.client.errorClassFor(0));
    expect(failure?.status).toBeUndefined();
    expect(failure?.message).toMatch(/broke off/);
    expect(failure?.message).toMatch(/no data for 300 ms between chunks \(read timeout\)/);
    expect(elapsedMs).toBeGreaterThanOrEqual(280);
    expect(elapsedMs).toBeLessThan(2500);
    expect(upstream.requests).toHaveLength(1);
    await bench.expectUsage([{ outcome: 'failed', status: 200, attempts: 1, stream: true }]);
  };

  it('timeouts.read 0.3: a stream that stalls after its first events fails naming the read timeout', async () => {
    bench = await startLimitsBench(row, { entries: [{ upstream }], timeouts: { read: 0.3 } });
    await expectStallFails();
  });

  it('HTTP_READ_TIMEOUT=0.3 from the environment: the same stall fails the same way', async () => {
    bench = await startLimitsBench(row, { entries: [{ upstream }] }, { HTTP_READ_TIMEOUT: '0.3' });
    await expectStallFails();
  });

  it('no answer within the read timeout (non-streaming): retried, then 504 upstream_timeout', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      timeouts: { read: 0.3 },
      requestRetry: 1,
    });
    upstream.enqueue({ kind: 'text', delayMs: 2500 }, { kind: 'text', delayMs: 2500 });
    const started = performance.now();

    const outcome = await settle(bench.client, bench.client.ask());

    const elapsedMs = outcome.endedAt - started;
    expect(outcome.ok).toBe(false);
    const failure: SeenFailure | undefined = outcome.ok ? undefined : outcome.failure;
    expect(failure?.thrown).toBeInstanceOf(bench.client.errorClassFor(504));
    expect(failure?.status).toBe(504);
    expect(failure?.message).toMatch(/no response headers within 300 ms \(read timeout\)/);
    expect(failure?.errorObject).toMatchObject({ message: expect.stringMatching(/read timeout/) as unknown });
    // Two attempts of ≥ 300 ms each (1 + request-retry 1), well before the upstream's 2.5 s.
    expect(elapsedMs).toBeGreaterThanOrEqual(580);
    expect(elapsedMs).toBeLessThan(2500);
    expect(upstream.requests).toHaveLength(2);
    await bench.expectUsage([
      { outcome: 'rejected', status: 504, attempts: 2, stream: false, errorCode: 'upstream_timeout' },
    ]);
  });

  // Anthropic's errors reference: 504 is `timeout_error`; both envelopes carry `code: upstream_timeout`.
  it('the 504 envelope carries the upstream_timeout code', async () => {
    bench = await startLimitsBench(row, {
      entries: [{ upstream }],
      timeouts: { read: 0.3 },
      requestRetry: 0,
    });
    upstream.enqueue({ kind: 'text', delayMs: 2500 });

    const outcome = await settle(bench.client, bench.client.ask());

    expect(outcome.ok ? undefined : outcome.failure.errorObject).toMatchObject({ code: 'upstream_timeout' });
    expect(upstream.requests).toHaveLength(1);
    await bench.expectUsage([
      { outcome: 'rejected', status: 504, attempts: 1, errorCode: 'upstream_timeout' },
    ]);
  });

  const waitForever: readonly {
    readonly label: string;
    readonly config: Partial<LimitsConfigOptions>;
    readonly env: Record<string, string>;
  }[] = [
    { label: 'timeouts.read 0', config: { timeouts: { connect: 0.3, write: 0.3, read: 0 } }, env: {} },
    {
      label: 'timeouts.read none',
      config: { timeouts: { connect: 0.3, write: 0.3, read: 'none' } },
      env: {},
    },
    {
      label: 'HTTP_READ_TIMEOUT=none over timeouts.read 0.3',
      config: { timeouts: { connect: 0.3, write: 0.3, read: 0.3 } },
      env: { HTTP_READ_TIMEOUT: 'none' },
    },
  ];

  it.each(waitForever)('$label waits: answers 600 ms late still arrive', async ({ config, env }) => {
    bench = await startLimitsBench(row, { entries: [{ upstream }], requestRetry: 0, ...config }, env);
    upstream.enqueue({ kind: 'text', delayMs: 600 }, { kind: 'text', delayMs: 600 });
    const { client } = bench;
    const started = performance.now();

    const outcomes = await Promise.all([settle(client, client.ask()), settle(client, client.stream())]);

    expect(outcomes.map((outcome) => outcome.ok && outcome.text)).toEqual([
      upstream.defaultText,
      upstream.defaultText,
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
    expect(upstream.requests).toHaveLength(2);
    const records = await bench.usage.records(2);
    expect(records.every((record) => record.outcome === 'complete' && record.attempts === 1)).toBe(true);
  });
});
