// Stream faults and hangs over plain HTTP: reset after N events, the reference error event, stalls and
// hangs that only close() ends, and the non-streaming counterparts of each fault.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLY_TEXT,
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from './fake-anthropic-upstream.js';
import type { FakeReply, FakeStreamFault } from './fake-reply.js';
import { parseSse, parseSseJson } from './read-sse.js';
import { OVERLOADED_ERROR_EVENT } from './send-fake-reply.js';
import { outcomeOf, sendHeldRequests } from './send-held-requests.js';
import { postJson, readToEnd, sleep } from './send-test-request.js';

const HELLO = { model: 'claude-fake-1', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };
const STREAM_HELLO = { ...HELLO, stream: true };

let upstream: FakeAnthropicUpstream;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('stream faults', () => {
  it('reset: the connection breaks after N whole events', async () => {
    upstream.enqueue(fault('reset', 4, DEFAULT_REPLY_TEXT));
    const { text, error } = await readToEnd(await postJson(upstream.url, '/v1/messages', STREAM_HELLO));
    expect(error).toBeDefined();
    expect(parseSse(text).map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
    ]);
  });

  it('error-event: N events, then the reference error event, then the end', async () => {
    upstream.enqueue(fault('error-event', 3, 'Hi'));
    const { text, error } = await readToEnd(await postJson(upstream.url, '/v1/messages', STREAM_HELLO));
    expect(error).toBeUndefined();
    const events = parseSseJson(text);
    expect(events).toHaveLength(4);
    expect(events[3]).toEqual(OVERLOADED_ERROR_EVENT);
  });

  it('without streaming: error-event answers 529 overloaded_error, reset drops the connection', async () => {
    upstream.enqueue(fault('error-event', 0, 'Hi'), fault('reset', 0, 'Hi'));
    const overloaded = await postJson(upstream.url, '/v1/messages', HELLO);
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    await expect(postJson(upstream.url, '/v1/messages', HELLO)).rejects.toThrow();
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('stall and hang', () => {
  it('keep the connection open until close(), which does not wait for them', async () => {
    const other = await startFakeAnthropicUpstream();
    other.enqueue(fault('stall', 2, 'Hi'), { kind: 'hang' });
    const { reading, hanging, first } = await sendHeldRequests(
      other.url,
      { path: '/v1/messages', body: STREAM_HELLO },
      { path: '/v1/messages', body: HELLO },
    );
    expect(first).toBe('open');

    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    const { text, error } = await reading;
    expect(parseSse(text)).toHaveLength(2);
    expect(error).toBeDefined();
    expect(await hanging).toBe('failed');
    expect(other.requests).toHaveLength(2);
  });

  it('close() also cancels pending reply delays', async () => {
    const other = await startFakeAnthropicUpstream();
    other.enqueue({ kind: 'message', content: [{ type: 'text', text: 'late' }], delayMs: 60_000 });
    const answer = outcomeOf(postJson(other.url, '/v1/messages', HELLO));
    await sleep(50);
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await answer).toBe('failed');
  });
});

function fault(kind: FakeStreamFault, afterEvents: number, text: string): FakeReply {
  return { kind: 'stream-fault', content: [{ type: 'text', text }], afterEvents, fault: kind };
}
