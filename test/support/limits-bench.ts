// One traffic-limit or timeout scenario's setup and what it measures: a fresh gateway (fresh limiters) from a
// limits config, the row's SDK client bound to it, a usage watch, each call's outcome as the client saw it
// (answer text, or the SDK error with its status, Retry-After and the envelope's `code`), and the window and
// overlap arithmetic over the times the fake upstream stamped on its requests.
import { setTimeout as sleep } from 'node:timers/promises';
import { createFaultClient, type FaultClient, type FaultRow } from './fault-clients.js';
import { FAULT_MODEL } from './fault-upstreams.js';
import { UsageWatch, type ExpectedUsage } from './fault-usage.js';
import { limitsGatewayYaml, type LimitsConfigOptions } from './limits-upstreams.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';
import type { RequestTiming } from '../upstream/fake-server.js';

/** A running scenario: gateway, client and usage watch. */
export interface LimitsBench {
  readonly gateway: TestGateway;
  readonly client: FaultClient;
  /** Counts usage records from the bench's start. */
  readonly usage: UsageWatch;
  /** Asserts one usage record per entry, in the order the requests ended (see `UsageWatch.expect`). */
  expectUsage(expected: readonly ExpectedUsage[]): ReturnType<UsageWatch['expect']>;
  close(): Promise<void>;
}

/**
 * Resets every entry's fake, starts a gateway from {@link limitsGatewayYaml}`(config)` with `env` as its
 * environment (`PROVIDER_*`, `HTTP_*_TIMEOUT`), and binds the row's SDK client (maxRetries: 0) to it.
 */
export async function startLimitsBench(
  row: FaultRow,
  config: LimitsConfigOptions,
  env: Record<string, string> = {},
): Promise<LimitsBench> {
  for (const entry of config.entries) entry.upstream.reset();
  const gateway = await startTestGateway({ yaml: limitsGatewayYaml(config), env });
  const client = createFaultClient(row.client, gateway.url);
  const usage = new UsageWatch(gateway);
  return {
    gateway,
    client,
    usage,
    expectUsage: (expected) => usage.expect(client.inbound, FAULT_MODEL, expected),
    close: () => gateway.close(),
  };
}

/** A failed call as the client saw it, read from the SDK's error. */
export interface SeenFailure {
  readonly thrown: unknown;
  /** The error's message (for a stream error: the message of the stream's error event). */
  readonly message: string;
  /** HTTP status (undefined for an error raised mid-stream). */
  readonly status: number | undefined;
  /** The answer's `retry-after` header, if the error had headers. */
  readonly retryAfter: string | null;
  /**
   * The error object of the client's envelope: Anthropic's `error` (inside `{"type":"error","error":…}`) or
   * OpenAI's `error`; holds `code` and the gateway's details (`limit`, `in_flight`, `queued`) when sent.
   */
  readonly errorObject: Record<string, unknown> | undefined;
}

/** One call's outcome and when the client saw it end (`performance.now()` ms). */
export type CallOutcome =
  | { readonly ok: true; readonly text: string; readonly endedAt: number }
  | { readonly ok: false; readonly failure: SeenFailure; readonly endedAt: number };

/**
 * Awaits `call` (an SDK call of `client`) and reports its outcome instead of throwing, so parallel calls can
 * be inspected one by one.
 */
export async function settle(client: FaultClient, call: Promise<string>): Promise<CallOutcome> {
  try {
    const text = await call;
    return { ok: true, text, endedAt: performance.now() };
  } catch (thrown) {
    return { ok: false, failure: readFailure(client, thrown), endedAt: performance.now() };
  }
}

function readFailure(client: FaultClient, thrown: unknown): SeenFailure {
  const apiError = thrown as { status?: unknown; headers?: unknown; error?: unknown; message?: unknown };
  const body = isRecord(apiError.error) ? apiError.error : undefined;
  // @anthropic-ai/sdk keeps the whole envelope in `error`; openai keeps the envelope's `error` object.
  const errorObject = client.kind === 'anthropic' ? (isRecord(body?.error) ? body.error : undefined) : body;
  return {
    thrown,
    message: typeof apiError.message === 'string' ? apiError.message : String(thrown),
    status: typeof apiError.status === 'number' ? apiError.status : undefined,
    retryAfter: apiError.headers instanceof Headers ? apiError.headers.get('retry-after') : null,
    errorObject,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The failures among `outcomes`, in order. */
export function failuresOf(outcomes: readonly CallOutcome[]): SeenFailure[] {
  return outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.failure]));
}

/**
 * The most of `times` (ms, any order) that fall in one half-open window `[t, t + windowMs)`: with a sliding
 * window limit of N per `windowMs`, at most N.
 */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

/**
 * The shortest time (ms) between a start and the start `count` places later (`times` in any order): with a
 * sliding window limit of `count` per W, at least W. Infinity when there are no `count + 1` starts.
 */
export function minGapAcross(times: readonly number[], count: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let gap = Infinity;
  for (let index = 0; index + count < sorted.length; index += 1) {
    gap = Math.min(gap, (sorted[index + count] ?? 0) - (sorted[index] ?? 0));
  }
  return gap;
}

/**
 * The most requests that were being answered at the same instant, from the fake's arrival and end times (a
 * request still open counts until now): a second measure of the fake's `maxInFlight`.
 */
export function peakOverlap(timings: readonly RequestTiming[]): number {
  const now = performance.now();
  const edges = timings.flatMap((timing) => [
    { at: timing.receivedAt, step: 1 },
    { at: timing.endedAt ?? now, step: -1 },
  ]);
  // Ends before starts at the same instant: touching intervals do not overlap.
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let peak = 0;
  for (const edge of edges) {
    open += edge.step;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** Polls `condition` every 5 ms; rejects when it does not hold within `timeoutMs` (default 2 s). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
