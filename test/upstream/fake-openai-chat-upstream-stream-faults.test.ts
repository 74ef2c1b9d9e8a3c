// Stream faults and hangs: reset after N chunks, the error chunk (which the SDK raises as APIError), stalls
// and hangs that only close() ends, and the non-streaming counterparts of each fault.
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  OPENAI_CHAT_SERVER_ERROR,
  type FakeOpenAIChatReply,
  type FakeOpenAIChatStreamFault,
} from './fake-openai-chat-reply.js';
import { startFakeOpenAIChatUpstream, type FakeOpenAIChatUpstream } from './fake-openai-chat-upstream.js';
import { parseSse, parseSseJson } from './read-sse.js';
import { outcomeOf, sendHeldRequests } from './send-held-requests.js';
import { postJson, readToEnd, sleep } from './send-test-request.js';

const HELLO = { model: 'gpt-fake-1', messages: [{ role: 'user' as const, content: 'Hello' }] };
const STREAM_HELLO = { ...HELLO, stream: true as const };
const TEXT = 'Partial answer that never finishes.';

let upstream: FakeOpenAIChatUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream();
  client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('stream faults', () => {
  it('reset: the connection breaks after N whole chunks, without [DONE]', async () => {
    upstream.enqueue(fault('reset', 3));
    const { text, error } = await readToEnd(
      await postJson(upstream.url, '/v1/chat/completions', STREAM_HELLO),
    );
    expect(error).toBeDefined();
    const events = parseSseJson(text);
    expect(events).toHaveLength(3);
    expect(events.every((event) => typeof event.data === 'object')).toBe(true);
  });

  it('error-chunk: N chunks, then {"error": server_error}, then the end without [DONE]', async () => {
    upstream.enqueue(fault('error-chunk', 2));
    const { text, error } = await readToEnd(
      await postJson(upstream.url, '/v1/chat/completions', STREAM_HELLO),
    );
    expect(error).toBeUndefined();
    const events = parseSseJson(text);
    expect(events).toHaveLength(3);
    expect(events[2]).toEqual({ data: { error: OPENAI_CHAT_SERVER_ERROR } });
  });

  it('error-chunk: the SDK raises an APIError carrying the error object, in both stream APIs', async () => {
    upstream.enqueue(fault('error-chunk', 2), fault('error-chunk', 4));
    const received: string[] = [];
    const iterating = async (): Promise<void> => {
      const stream = await client.chat.completions.create(STREAM_HELLO);
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    };
    const failure = await iterating().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(APIError);
    expect(failure).toMatchObject({
      status: undefined,
      type: 'server_error',
      message: OPENAI_CHAT_SERVER_ERROR.message,
    });
    expect(received).toHaveLength(2);
    const helperFailure = await client.chat.completions
      .stream(HELLO)
      .finalChatCompletion()
      .catch((error: unknown) => error);
    expect(helperFailure).toBeInstanceOf(APIError);
  });

  it('without streaming: error-chunk answers 500 server_error, reset drops the connection', async () => {
    upstream.enqueue(fault('error-chunk', 0), fault('reset', 0));
    const serverError = await client.chat.completions.create(HELLO).catch((error: unknown) => error);
    expect(serverError).toBeInstanceOf(OpenAI.InternalServerError);
    expect(serverError).toMatchObject({ status: 500, type: 'server_error' });
    const dropped = await client.chat.completions.create(HELLO).catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('stall and hang', () => {
  it('keep the connection open until close(), which does not wait for them', async () => {
    const other = await startFakeOpenAIChatUpstream();
    other.enqueue(fault('stall', 2), { kind: 'hang' });
    const { reading, hanging, first } = await sendHeldRequests(
      other.url,
      { path: '/v1/chat/completions', body: STREAM_HELLO },
      { path: '/v1/chat/completions', body: HELLO },
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
    const other = await startFakeOpenAIChatUpstream();
    other.enqueue({ kind: 'message', content: 'late', delayMs: 60_000 });
    const answer = outcomeOf(postJson(other.url, '/v1/chat/completions', HELLO));
    await sleep(50);
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await answer).toBe('failed');
  });
});

function fault(kind: FakeOpenAIChatStreamFault, afterChunks: number): FakeOpenAIChatReply {
  return { kind: 'stream-fault', content: TEXT, afterChunks, fault: kind };
}
