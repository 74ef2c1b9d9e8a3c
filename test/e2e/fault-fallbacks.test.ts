// Fallback chains (`fallbacks:`), end to end through both official SDKs: a request for `primary-model` (on
// upstream a) falls back to `b/model-b`, then `c/model-c`, when a stage fails with an error another model
// might not have (429, 401, 5xx), never on the request's own fault (400). Each scenario checks what the
// client got (text, `x-switchboard-*` headers or the error), which fake saw how many requests for which
// model, and the one usage record of the request.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  benchCredentialId,
  FALLBACK_ROWS,
  startRoutedBench,
  type BenchUpstream,
  type RoutedBench,
} from '../support/fallback-bench.js';
import { startFaultUpstream, type FaultReply } from '../support/fault-upstreams.js';
import type { RecordedRequest } from '../upstream/fake-server.js';

const PRIMARY = 'primary-model';
const FALLBACKS = { [PRIMARY]: ['b/model-b', 'c/model-c'] };
/** A 429 whose hint is longer than `max-retry-interval` (2 s): the stage gives up at once. */
const LONG_429: FaultReply = { kind: 'status', status: 429, headers: { 'retry-after': '600' } };
const UNAVAILABLE_503: FaultReply = { kind: 'status', status: 503 };

/** The `model` of each request a fake received, in order. */
function modelsOf(requests: readonly RecordedRequest[]): unknown[] {
  return requests.map((request) => (request.body as { model?: unknown } | undefined)?.model);
}

describe.each(FALLBACK_ROWS)('fallback chains: $name', (row) => {
  let a: BenchUpstream;
  let b: BenchUpstream;
  let c: BenchUpstream;
  let bench: RoutedBench | undefined;

  beforeAll(async () => {
    const [fakeA, fakeB, fakeC] = await Promise.all([
      startFaultUpstream(row.upstream),
      startFaultUpstream(row.upstream),
      startFaultUpstream(row.upstream),
    ]);
    a = { id: 'a', fake: fakeA, models: [PRIMARY] };
    b = { id: 'b', fake: fakeB, models: ['model-b'] };
    c = { id: 'c', fake: fakeC, models: ['model-c'] };
  });
  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });
  afterAll(async () => {
    await Promise.all([a.fake.close(), b.fake.close(), c.fake.close()]);
  });

  const start = () => startRoutedBench(row.client, { upstreams: [a, b, c], fallbacks: FALLBACKS });

  it.each([
    { name: '429 (Retry-After beyond max-retry-interval)', reply: LONG_429 },
    { name: '401', reply: { kind: 'status', status: 401 } satisfies FaultReply },
  ])('a 503 (after its retry), b $name, c answers → c’s answer with fallback headers', async ({ reply }) => {
    bench = await start();
    a.fake.enqueue(UNAVAILABLE_503, UNAVAILABLE_503);
    b.fake.enqueue(reply);
    c.fake.enqueue({ kind: 'text', text: 'answer from c' });

    const answer = await bench.client.ask(PRIMARY);

    expect(answer.text).toBe('answer from c');
    expect(answer.headers.get('x-switchboard-upstream')).toBe('c');
    expect(answer.headers.get('x-switchboard-model')).toBe('model-c');
    expect(answer.headers.get('x-switchboard-fallback-from')).toBe(PRIMARY);
    // request-retry: 1 → a is tried twice; b's failure is its key's own and it has no other; c answers.
    expect(modelsOf(a.fake.requests)).toEqual([PRIMARY, PRIMARY]);
    expect(modelsOf(b.fake.requests)).toEqual(['model-b']);
    expect(modelsOf(c.fake.requests)).toEqual(['model-c']);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      inbound: bench.client.inbound,
      requestedModel: PRIMARY,
      outcome: 'complete',
      status: 200,
      stream: false,
      attempts: 4,
      upstream: 'c',
      upstreamModel: 'model-c',
      credentialId: benchCredentialId(c),
      // The usage record names the reference that answered (usage-record.ts), the header the requested model.
      fallbackFrom: 'primary-model',
    });
  });

  it('the next request skips the stages left cooling (a’s upstream, b’s key) without calling them', async () => {
    bench = await start();
    a.fake.enqueue(UNAVAILABLE_503, UNAVAILABLE_503);
    b.fake.enqueue(LONG_429);
    await bench.client.ask(PRIMARY);

    const answer = await bench.client.ask(PRIMARY);

    expect(answer.headers.get('x-switchboard-upstream')).toBe('c');
    expect(answer.headers.get('x-switchboard-fallback-from')).toBe(PRIMARY);
    expect([a.fake.requests.length, b.fake.requests.length, c.fake.requests.length]).toEqual([2, 1, 2]);
    const records = await bench.usage.records(2);
    expect(records[1]).toMatchObject({ outcome: 'complete', attempts: 1, upstream: 'c' });
  });

  it('a 400 does not fall back: the client gets the 400, b and c are never called', async () => {
    bench = await start();
    a.fake.enqueue({ kind: 'status', status: 400 });

    const seen = await bench.client.failure(bench.client.ask(PRIMARY));

    expect(seen.status).toBe(400);
    expect(seen.className).toBe('BadRequestError');
    expect(seen.message).toContain("Upstream 'a' answered 400");
    expect(a.fake.requests).toHaveLength(1);
    expect(b.fake.requests).toHaveLength(0);
    expect(c.fake.requests).toHaveLength(0);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({ outcome: 'rejected', status: 400, attempts: 1, upstream: 'a' });
    expect(record?.fallbackFrom).toBeUndefined();
  });

  it('every stage fails → the client gets the last stage’s error (c’s 500)', async () => {
    bench = await start();
    a.fake.enqueue(UNAVAILABLE_503, UNAVAILABLE_503);
    b.fake.enqueue(LONG_429);
    c.fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });

    const seen = await bench.client.failure(bench.client.ask(PRIMARY));

    expect(seen.status).toBe(500);
    expect(seen.className).toBe('InternalServerError');
    expect(seen.message).toContain("Upstream 'c' answered 500");
    // And why the stages before it did not help, in order.
    expect(seen.message).toMatch(
      /Tried before: '[^']+' \(primary\): Upstream 'a' answered 503.*; '[^']+' \(fallback\): Upstream 'b' answered 429/,
    );
    expect(a.fake.requests).toHaveLength(2);
    expect(b.fake.requests).toHaveLength(1);
    expect(c.fake.requests).toHaveLength(2);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      requestedModel: PRIMARY,
      outcome: 'rejected',
      status: 500,
      attempts: 5,
      upstream: 'c',
      upstreamModel: 'model-c',
    });
    expect(record?.fallbackFrom).toBeUndefined();
  });

  it('a stream request falls back before its first byte: the stream comes from c', async () => {
    bench = await start();
    a.fake.enqueue(UNAVAILABLE_503, UNAVAILABLE_503);
    b.fake.enqueue(LONG_429);
    c.fake.enqueue({ kind: 'text', text: 'streamed from c' });

    const answer = await bench.client.stream(PRIMARY);

    expect(answer.text).toBe('streamed from c');
    expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(answer.headers.get('x-switchboard-upstream')).toBe('c');
    expect(answer.headers.get('x-switchboard-model')).toBe('model-c');
    expect(answer.headers.get('x-switchboard-fallback-from')).toBe(PRIMARY);
    expect(c.fake.requests).toHaveLength(1);
    expect((c.fake.requests[0]?.body as { stream?: unknown }).stream).toBe(true);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({
      outcome: 'complete',
      status: 200,
      stream: true,
      attempts: 4,
      upstream: 'c',
      fallbackFrom: 'primary-model',
    });
  });

  it('a request the primary answers carries no fallback header (control)', async () => {
    bench = await start();

    const answer = await bench.client.ask(PRIMARY);

    expect(answer.text).toBe(a.fake.defaultText);
    expect(answer.headers.get('x-switchboard-upstream')).toBe('a');
    expect(answer.headers.get('x-switchboard-model')).toBe(PRIMARY);
    expect(answer.headers.get('x-switchboard-fallback-from')).toBeNull();
    expect(b.fake.requests).toHaveLength(0);
    const [record] = await bench.usage.records(1);
    expect(record).toMatchObject({ outcome: 'complete', attempts: 1, upstream: 'a' });
    expect(record?.fallbackFrom).toBeUndefined();
  });
});
