// Compares what the fake sends with the reference examples in __fixtures__/: the same event sequence and,
// event by event, the same JSON keys (nothing missing, nothing the references do not show).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ANTHROPIC_STREAM_SCENARIOS,
  collectEventKeyPaths,
  describeEvent,
  describeEventSequence,
  listKeyPaths,
  readJsonFixture,
  readStreamFixture,
  readStreamFixtureText,
  type AnthropicStreamScenario,
} from './anthropic-reference-fixtures.js';
import { startFakeAnthropicUpstream, type FakeAnthropicUpstream } from './fake-anthropic-upstream.js';
import type { FakeReply } from './fake-reply.js';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';

const ALL_REFERENCE_STREAMS = ANTHROPIC_STREAM_SCENARIOS.map(readStreamFixture);

/**
 * Keys the fake sends that the stream examples leave out, each shown by another reference: the Messages
 * API reference's `Usage` object has both cache counters, and the streaming page's web-search example
 * sends them in `message_start.message.usage`.
 */
const DOCUMENTED_EXTRA_STREAM_KEYS: Readonly<Record<string, readonly string[]>> = {
  message_start: ['message.usage.cache_creation_input_tokens', 'message.usage.cache_read_input_tokens'],
};
/** The same `Usage` counters in a non-streaming body (Messages API reference, `Usage` object). */
const DOCUMENTED_EXTRA_MESSAGE_KEYS: readonly string[] = [
  'usage.cache_creation_input_tokens',
  'usage.cache_read_input_tokens',
];

interface StreamCase {
  scenario: AnthropicStreamScenario;
  reply: FakeReply;
  /** The reference's extended-thinking stream has no ping; the others show one after the first block start. */
  keepPings: boolean;
}

const STREAM_CASES: readonly StreamCase[] = [
  {
    scenario: 'basic-text',
    reply: { kind: 'message', content: [{ type: 'text', text: 'Hello!' }] },
    keepPings: true,
  },
  {
    scenario: 'tool-use',
    reply: {
      kind: 'message',
      content: [
        { type: 'text', text: "Okay, let's check the weather for San Francisco, CA:" },
        {
          type: 'tool_use',
          id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          name: 'get_weather',
          input: { location: 'San Francisco, CA' },
        },
      ],
    },
    keepPings: true,
  },
  {
    scenario: 'extended-thinking',
    reply: {
      kind: 'message',
      content: [
        {
          type: 'thinking',
          thinking: 'I need to find the GCD of 1071 and 462.',
          signature: 'EqQBCgIYAhIM1gbcDa9G',
        },
        { type: 'text', text: 'The greatest common divisor of 1071 and 462 is **21**.' },
      ],
    },
    keepPings: false,
  },
  {
    scenario: 'error-event',
    reply: {
      kind: 'stream-fault',
      content: [{ type: 'text', text: 'Hi' }],
      afterEvents: 0,
      fault: 'error-event',
    },
    keepPings: true,
  },
];

const MESSAGE_REQUEST = {
  model: 'claude-fake-1',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Hello' }],
};

let upstream: FakeAnthropicUpstream;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('the reference fixtures', () => {
  it.each(ANTHROPIC_STREAM_SCENARIOS)(
    '%s names its source and names each event after its data type',
    (scenario) => {
      expect(readStreamFixtureText(scenario)).toMatch(/^: source: .+ https:\/\/\S+/);
      const events = readStreamFixture(scenario);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event.data).toMatchObject({ type: event.event });
    },
  );
});

describe('streams match the reference examples', () => {
  it.each(STREAM_CASES)(
    '$scenario: same event sequence and keys per event',
    async ({ scenario, reply, keepPings }) => {
      upstream.enqueue(reply);
      const events = await postForEvents({ ...MESSAGE_REQUEST, stream: true });
      const reference = readStreamFixture(scenario);

      expect(describeEventSequence(events, keepPings)).toEqual(describeEventSequence(reference, keepPings));
      for (const event of events) {
        const kind = describeEvent(event);
        expect(event.data).toMatchObject({ type: event.event });
        const keys = new Set(listKeyPaths(event.data));
        const shown = collectEventKeyPaths([reference], kind);
        const allowed = collectEventKeyPaths(ALL_REFERENCE_STREAMS, kind);
        for (const extra of DOCUMENTED_EXTRA_STREAM_KEYS[kind] ?? []) allowed.add(extra);
        expect({ kind, missing: [...shown].filter((key) => !keys.has(key)) }).toEqual({ kind, missing: [] });
        expect({ kind, unexpected: [...keys].filter((key) => !allowed.has(key)) }).toEqual({
          kind,
          unexpected: [],
        });
      }
    },
  );

  it('sends the error event exactly as the reference shows it', async () => {
    upstream.enqueue({ kind: 'stream-fault', content: [], afterEvents: 0, fault: 'error-event' });
    const events = await postForEvents({ ...MESSAGE_REQUEST, stream: true });
    expect(events).toEqual(readStreamFixture('error-event'));
  });
});

describe('JSON bodies match the reference examples', () => {
  it('a non-streaming message has the keys of the Messages API example', async () => {
    const response = await post('/v1/messages', MESSAGE_REQUEST);
    const reference = listKeyPaths(readJsonFixture('message'));
    const keys = listKeyPaths(await response.json());
    expect(reference.filter((key) => !keys.includes(key))).toEqual([]);
    expect(
      keys.filter((key) => !reference.includes(key) && !DOCUMENTED_EXTRA_MESSAGE_KEYS.includes(key)),
    ).toEqual([]);
  });

  it('an error envelope has the keys of the Errors example', async () => {
    upstream.enqueue({ kind: 'error', status: 404, message: 'The requested resource could not be found.' });
    const response = await post('/v1/messages', MESSAGE_REQUEST);
    expect(listKeyPaths(await response.json())).toEqual(listKeyPaths(readJsonFixture('error')));
  });

  it('count_tokens has the keys of the Count tokens example', async () => {
    const response = await post('/v1/messages/count_tokens', MESSAGE_REQUEST);
    expect(listKeyPaths(await response.json())).toEqual(listKeyPaths(readJsonFixture('count-tokens')));
  });

  it('the models list has the keys of the List Models example', async () => {
    const response = await fetch(`${upstream.url}/v1/models`);
    expect(listKeyPaths(await response.json())).toEqual(listKeyPaths(readJsonFixture('models-list')));
  });
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function postForEvents(body: unknown): Promise<SseJsonMessage[]> {
  const response = await post('/v1/messages', body);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return parseSseJson(await response.text());
}
