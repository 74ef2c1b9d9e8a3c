// Compares what the fake sends with the OpenAI reference examples in __fixtures__/openai-chat-*: the same
// JSON keys (nothing missing, nothing the references do not show), chunk by chunk for streams.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listKeyPaths } from './anthropic-reference-fixtures.js';
import { startFakeOpenAIChatUpstream, type FakeOpenAIChatUpstream } from './fake-openai-chat-upstream.js';
import {
  listNonNullKeyPaths,
  OPENAI_CHAT_JSON_SCENARIOS,
  readOpenAIChatFixtureSource,
  readOpenAIChatJsonFixture,
  readOpenAIChatProviderExtensions,
  readOpenAIChatStreamFixture,
  readOpenAIChatStreamFixtureText,
} from './openai-chat-reference-fixtures.js';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';
import { postJson } from './send-test-request.js';

const REQUEST = { model: 'gpt-fake-1', messages: [{ role: 'user', content: 'Hello' }] };
/** The `usage` key every chunk gets with `include_usage` ("All other chunks will also include a usage field"). */
const INCLUDE_USAGE_KEYS = new Set(['usage']);

let upstream: FakeOpenAIChatUpstream;

beforeAll(async () => {
  upstream = await startFakeOpenAIChatUpstream();
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('the reference fixtures', () => {
  it('the stream fixture names its source and ends with data: [DONE]', () => {
    expect(readOpenAIChatStreamFixtureText('basic-text')).toMatch(
      /^: source: .+ https:\/\/platform\.openai\.com\/\S+/,
    );
    const events = readOpenAIChatStreamFixture('basic-text');
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    for (const event of events.slice(0, -1))
      expect(event.data).toMatchObject({ object: 'chat.completion.chunk' });
  });

  it.each(OPENAI_CHAT_JSON_SCENARIOS)('%s names its source (title and URL)', (scenario) => {
    expect(readOpenAIChatFixtureSource(scenario)).toMatchObject({
      title: expect.any(String) as unknown,
      url: expect.stringMatching(/^https:\/\//) as unknown,
    });
    expect(readOpenAIChatJsonFixture(scenario)).toBeDefined();
  });

  it('each provider extension names its documentation and the field it defines', () => {
    const extensions = readOpenAIChatProviderExtensions();
    expect(new Set(extensions.map((extension) => extension.field))).toEqual(
      new Set(['reasoning_content', 'reasoning', 'think-tags']),
    );
    for (const extension of extensions) {
      expect(extension.url).toMatch(/^https:\/\//);
      expect(extension.quote.length).toBeGreaterThan(0);
    }
  });
});

describe('chunks match "The chat completion chunk object" example', () => {
  it('a text stream has the example chunks keys, chunk by chunk, and ends with [DONE]', async () => {
    const events = await postForEvents({ ...REQUEST, stream: true });
    const reference = readOpenAIChatStreamFixture('basic-text');
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    const referenceChunks = reference.slice(0, -1);
    const chunks = events.slice(0, -1);
    expect(keysOf(chunks[0])).toEqual(keysOf(referenceChunks[0]));
    expect(keysOf(chunks.at(-1))).toEqual(keysOf(referenceChunks.at(-1)));
    for (const chunk of chunks.slice(1, -1)) expect(keysOf(chunk)).toEqual(keysOf(referenceChunks[1]));
  });

  it('with include_usage, adds only `usage` to each chunk and ends with a choices: [] usage chunk', async () => {
    const events = await postForEvents({ ...REQUEST, stream: true, stream_options: { include_usage: true } });
    const chunks = events.slice(0, -1);
    const reference = readOpenAIChatStreamFixture('basic-text').slice(0, -1);
    const allowed = new Set([...reference.flatMap(keysOf), ...INCLUDE_USAGE_KEYS]);
    for (const chunk of chunks.slice(0, -1)) {
      expect(keysOf(chunk).filter((key) => !allowed.has(key))).toEqual([]);
      expect(chunk.data).toMatchObject({ usage: null });
    }
    const usageChunk = chunks.at(-1)?.data;
    expect(usageChunk).toMatchObject({ object: 'chat.completion.chunk', choices: [] });
    const completionObject = readOpenAIChatJsonFixture('completion') as { usage: unknown };
    expect(listKeyPaths((usageChunk as { usage: unknown }).usage)).toEqual(
      listKeyPaths(completionObject.usage),
    );
  });

  it("tool call fragments carry the guide's keys: all on the first, index + arguments after", async () => {
    upstream.enqueue({
      kind: 'message',
      toolCalls: [
        {
          id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
          name: 'get_weather',
          arguments: '{"location":"Paris, France"}',
        },
      ],
    });
    const events = await postForEvents({ ...REQUEST, stream: true });
    const fragments = events.flatMap((event) => readToolCallDeltas(event.data));
    const reference = (readOpenAIChatJsonFixture('tool-call-deltas') as unknown[]).filter(
      (entry): entry is unknown[] => Array.isArray(entry),
    );
    expect(fragments.length).toBeGreaterThan(2);
    expect(listKeyPaths(fragments[0])).toEqual(listNonNullKeyPaths(reference[0]?.[0]));
    for (const fragment of fragments.slice(1)) {
      expect(listKeyPaths(fragment)).toEqual(listNonNullKeyPaths(reference[1]?.[0]));
    }
    expect(fragments.map(readArguments).join('')).toBe('{"location":"Paris, France"}');
  });
});

describe('JSON bodies match the reference examples', () => {
  it('a text completion has exactly the keys of "The chat completion object" example', async () => {
    const body = await (await postJson(upstream.url, '/v1/chat/completions', REQUEST)).json();
    expect(listKeyPaths(body)).toEqual(listKeyPaths(readOpenAIChatJsonFixture('completion')));
  });

  it('a tool call completion has the Functions example keys, plus only keys the object example shows', async () => {
    upstream.enqueue({ kind: 'message', toolCalls: [{ name: 'get_current_weather', arguments: '{}' }] });
    const keys = listKeyPaths(await (await postJson(upstream.url, '/v1/chat/completions', REQUEST)).json());
    const functions = listKeyPaths(readOpenAIChatJsonFixture('completion-tool-calls'));
    const object = listKeyPaths(readOpenAIChatJsonFixture('completion'));
    expect(functions.filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !functions.includes(key) && !object.includes(key))).toEqual([]);
  });

  it('an error envelope has the keys of the ErrorResponse example', async () => {
    upstream.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided.' });
    const body = await (await postJson(upstream.url, '/v1/chat/completions', REQUEST)).json();
    expect(listKeyPaths(body)).toEqual(listKeyPaths(readOpenAIChatJsonFixture('error')));
    expect(body).toEqual({
      error: {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });

  it('the models list has the keys of the "List models" example', async () => {
    const body = await (await fetch(`${upstream.url}/v1/models`)).json();
    expect(listKeyPaths(body)).toEqual(listKeyPaths(readOpenAIChatJsonFixture('models-list')));
  });
});

async function postForEvents(body: unknown): Promise<SseJsonMessage[]> {
  const response = await postJson(upstream.url, '/v1/chat/completions', body);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return parseSseJson(await response.text());
}

function keysOf(message: SseJsonMessage | undefined): string[] {
  return listKeyPaths(message?.data);
}

function readToolCallDeltas(data: unknown): unknown[] {
  const chunk = data as { choices?: { delta?: { tool_calls?: unknown[] } }[] };
  return chunk.choices?.[0]?.delta?.tool_calls ?? [];
}

function readArguments(fragment: unknown): string {
  return (fragment as { function?: { arguments?: string } }).function?.arguments ?? '';
}
