// Stream faults and hangs of the fake Responses upstream: reset after N events, the failed ending (`error` then
// `response.failed`), stalls and hangs that only close() ends, and the non-streaming counterparts of each fault.
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OPENAI_RESPONSES_ERROR_EVENT,
  OPENAI_RESPONSES_FAILED_ERROR,
  type FakeOpenAIResponsesReply,
  type FakeOpenAIResponsesStreamFault,
} from './fake-openai-responses-reply.js';
import {
  startFakeOpenAIResponsesUpstream,
  type FakeOpenAIResponsesUpstream,
} from './fake-openai-responses-upstream.js';
import { parseSse, parseSseJson } from './read-sse.js';
import { outcomeOf, sendHeldRequests } from './send-held-requests.js';
import { postJson, readToEnd, sleep } from './send-test-request.js';

const HELLO = { model: 'gpt-fake-1', input: 'Hello' };
const STREAM_HELLO = { ...HELLO, stream: true as const };
const TEXT = 'Partial answer that never finishes.';

let upstream: FakeOpenAIResponsesUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIResponsesUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('stream faults', () => {
  it('reset: the connection breaks after N whole events, without a terminal event', async () => {
    upstream.enqueue(fault('reset', 5));
    const { text, error } = await readToEnd(await postJson(upstream.url, '/v1/responses', STREAM_HELLO));
    expect(error).toBeDefined();
    const events = parseSseJson(text);
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
    ]);
  });

  it('failed-event: N events, then error and response.failed, numbered on, then the end', async () => {
    upstream.enqueue(fault('failed-event', 3));
    const { text, error } = await readToEnd(await postJson(upstream.url, '/v1/responses', STREAM_HELLO));
    expect(error).toBeUndefined();
    const events = parseSseJson(text);
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'error',
      'response.failed',
    ]);
    expect(events[3]?.data).toEqual({ type: 'error', sequence_number: 3, ...OPENAI_RESPONSES_ERROR_EVENT });
    expect(events[4]?.data).toMatchObject({
      type: 'response.failed',
      sequence_number: 4,
      response: { status: 'failed', error: OPENAI_RESPONSES_FAILED_ERROR, output: [], usage: null },
    });
  });

  it('a fault after more events than the stream has still comes before response.completed', async () => {
    upstream.enqueue(fault('failed-event', 1_000));
    const { text } = await readToEnd(await postJson(upstream.url, '/v1/responses', STREAM_HELLO));
    const names = parseSseJson(text).map((event) => event.event);
    expect(names).not.toContain('response.completed');
    expect(names.slice(-3)).toEqual(['response.output_item.done', 'error', 'response.failed']);
  });

  it('failed-event: create() iteration yields error + response.failed; the stream() helper rejects on error', async () => {
    upstream.enqueue(fault('failed-event', 5), fault('failed-event', 2));
    const events: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create(STREAM_HELLO)) events.push(event);
    expect(events.at(-2)).toMatchObject({ type: 'error', code: OPENAI_RESPONSES_ERROR_EVENT.code });
    expect(events.at(-1)?.type).toBe('response.failed');
    // ResponseStream re-emits each event under its type, and an `error` emission fails the helper
    const failure = await client.responses
      .stream(HELLO)
      .finalResponse()
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: 'error', ...OPENAI_RESPONSES_ERROR_EVENT });
  });

  it('without streaming: failed-event answers 500 server_error, reset drops the connection', async () => {
    upstream.enqueue(fault('failed-event', 0), fault('reset', 0));
    const serverError = await client.responses.create(HELLO).catch((error: unknown) => error);
    expect(serverError).toBeInstanceOf(OpenAI.InternalServerError);
    expect(serverError).toMatchObject({ status: 500, type: 'server_error' });
    const dropped = await client.responses.create(HELLO).catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(upstream.requests).toHaveLength(2);
  });

  it('reset mid-stream: the SDK stream helper rejects instead of resolving a partial response', async () => {
    upstream.enqueue(fault('reset', 4));
    const failure = await client.responses
      .stream(HELLO)
      .finalResponse()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
  });
});

describe('stall and hang', () => {
  it('keep the connection open until close(), which does not wait for them', async () => {
    const other = await startFakeOpenAIResponsesUpstream();
    other.enqueue(fault('stall', 2), { kind: 'hang' });
    const { reading, hanging, first } = await sendHeldRequests(
      other.url,
      { path: '/v1/responses', body: STREAM_HELLO },
      { path: '/v1/responses', body: HELLO },
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
    const other = await startFakeOpenAIResponsesUpstream();
    other.enqueue({ kind: 'message', text: 'late', delayMs: 60_000 });
    const answer = outcomeOf(postJson(other.url, '/v1/responses', HELLO));
    await sleep(50);
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await answer).toBe('failed');
  });
});

function fault(kind: FakeOpenAIResponsesStreamFault, afterEvents: number): FakeOpenAIResponsesReply {
  return { kind: 'stream-fault', text: TEXT, afterEvents, fault: kind };
}
