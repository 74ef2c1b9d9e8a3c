// The shared fake-server scaffolding's own bookkeeping: requests in flight (current and peak), and each
// recorded request's arrival and end times (`timingOf`). Exercised through the fake Anthropic upstream.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeReply } from './fake-reply.js';
import { startFakeAnthropicUpstream, type FakeAnthropicUpstream } from './fake-anthropic-upstream.js';
import { postJson, readToEnd, sleep } from './send-test-request.js';

const HELLO = { model: 'claude-fake-1', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };

/** A text reply whose status line waits `delayMs`. */
const slowReply = (delayMs: number): FakeReply => ({
  kind: 'message',
  content: [{ type: 'text', text: 'Hi' }],
  delayMs,
});

/** POSTs HELLO and reads the answer to its end. */
const ask = async (): Promise<string> => (await postJson(upstream.url, '/v1/messages', HELLO)).text();

let upstream: FakeAnthropicUpstream;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('fake server: requests in flight', () => {
  it('counts parallel requests while they are answered, and back to 0 once they ended', async () => {
    upstream.enqueue(slowReply(100), slowReply(100), slowReply(100));

    const pending = Promise.all([ask(), ask(), ask()]);
    await waitFor(() => upstream.inFlight === 3);
    expect(upstream.maxInFlight).toBe(3);
    await pending;

    expect(upstream.inFlight).toBe(0);
    expect(upstream.maxInFlight).toBe(3);
  });

  it('sequential requests never overlap; reset() restarts the peak', async () => {
    upstream.enqueue(slowReply(100), slowReply(100));
    await Promise.all([ask(), ask()]);
    expect(upstream.maxInFlight).toBe(2);

    upstream.reset();
    expect(upstream.maxInFlight).toBe(0);
    await ask();
    await ask();

    expect(upstream.maxInFlight).toBe(1);
    const [first, second] = upstream.requests.map((request) => upstream.timingOf(request));
    expect(second?.receivedAt).toBeGreaterThanOrEqual(first?.endedAt ?? Infinity);
  });

  it('times each recorded request: its end minus its arrival covers the reply delay', async () => {
    upstream.enqueue(slowReply(120));
    const before = performance.now();
    await ask();
    const after = performance.now();

    const [recorded] = upstream.requests;
    const timing = recorded === undefined ? undefined : upstream.timingOf(recorded);
    const receivedAt = timing?.receivedAt ?? NaN;
    const endedAt = timing?.endedAt ?? NaN;
    expect(receivedAt).toBeGreaterThanOrEqual(before);
    expect(endedAt).toBeLessThanOrEqual(after);
    expect(endedAt - receivedAt).toBeGreaterThanOrEqual(110);
    expect(upstream.timingOf({ method: 'POST', path: '/', headers: {}, rawBody: '', body: undefined })).toBe(
      undefined,
    );
  });

  it('a request whose client went away ends when its connection closes', async () => {
    upstream.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${upstream.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...HELLO, stream: true }),
      signal: controller.signal,
    }).then(readToEnd, (error: unknown) => ({ text: '', error }));
    await waitFor(() => upstream.requests.length === 1);
    const recorded = upstream.requests[0];
    expect(recorded).toBeDefined();
    const timingOf = () => (recorded === undefined ? undefined : upstream.timingOf(recorded));
    expect(upstream.inFlight).toBe(1);
    expect(timingOf()?.endedAt).toBeUndefined();

    controller.abort();
    await pending;
    await waitFor(() => upstream.inFlight === 0);

    expect(timingOf()?.endedAt).toBeGreaterThan(timingOf()?.receivedAt ?? Infinity);
  });
});

/** Polls `condition` every 5 ms for up to 2 s; fails the test when it never holds. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 2000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not reached within 2 s');
    await sleep(5);
  }
}
