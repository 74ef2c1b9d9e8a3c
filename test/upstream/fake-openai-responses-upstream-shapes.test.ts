// Compares what the fake Responses upstream sends with the OpenAI reference examples in
// __fixtures__/openai-responses-*: the same JSON keys (nothing missing, nothing the references do not show or
// require), event by event for streams, and the event order of the reference and recorded streams.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listKeyPaths } from './anthropic-reference-fixtures.js';
import type { FakeOpenAIResponsesReply } from './fake-openai-responses-reply.js';
import {
  startFakeOpenAIResponsesUpstream,
  type FakeOpenAIResponsesUpstream,
} from './fake-openai-responses-upstream.js';
import { readOpenAIChatJsonFixture } from './openai-chat-reference-fixtures.js';
import {
  describeResponsesEvent,
  describeResponsesEventSequence,
  OPENAI_RESPONSES_JSON_SCENARIOS,
  OPENAI_RESPONSES_STREAM_SCENARIOS,
  readOpenAIResponsesFixtureSource,
  readOpenAIResponsesJsonFixture,
  readOpenAIResponsesReferenceEvents,
  readOpenAIResponsesStreamFixture,
  readOpenAIResponsesStreamFixtureText,
} from './openai-responses-reference-fixtures.js';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';
import { postJson } from './send-test-request.js';

const REQUEST = { model: 'gpt-fake-1', input: 'Hello' };
const WEATHER_TOOL = {
  type: 'function',
  name: 'get_current_weather',
  description: 'Get the current weather in a given location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};
const FULL_REPLY: FakeOpenAIResponsesReply = {
  kind: 'message',
  text: 'Hi there! How can I assist you today?',
  reasoning: { summary: '**Responding to a greeting**\n\nThe user just said, "Hello!"' },
  functionCalls: [{ name: 'get_weather', arguments: '{ "arg": 123 }' }],
};

const referenceEvents = readOpenAIResponsesReferenceEvents();
const responseObject = readOpenAIResponsesJsonFixture('response') as { output: unknown[] };
const functionCallExample = readOpenAIResponsesJsonFixture('function-call') as { output: unknown[] };
const [guideReasoningItem] = readOpenAIResponsesJsonFixture('reasoning-output') as unknown[];

let upstream: FakeOpenAIResponsesUpstream;

beforeAll(async () => {
  upstream = await startFakeOpenAIResponsesUpstream();
});
beforeEach(() => upstream.reset());
afterAll(async () => upstream.close());

describe('the reference fixtures', () => {
  it.each(OPENAI_RESPONSES_STREAM_SCENARIOS)(
    '%s.sse names its source and frames events as the reference',
    (scenario) => {
      expect(readOpenAIResponsesStreamFixtureText(scenario)).toMatch(/^: source: .+ https:\/\/\S+/);
      for (const event of readOpenAIResponsesStreamFixture(scenario))
        expect(event.event).toBe(describeType(event));
    },
  );

  it.each(OPENAI_RESPONSES_JSON_SCENARIOS)('%s names its source (title and URL)', (scenario) => {
    expect(readOpenAIResponsesFixtureSource(scenario)).toMatchObject({
      title: expect.any(String) as unknown,
      url: expect.stringMatching(/^https:\/\/platform\.openai\.com\//) as unknown,
    });
  });

  it('each "Streaming events" example has the type it is filed under and lists its required fields', () => {
    for (const [type, reference] of Object.entries(referenceEvents)) {
      expect(reference.example['type']).toBe(type);
      expect(reference.required).toContain('sequence_number');
    }
  });
});

describe('JSON bodies match the reference examples', () => {
  it('a text response has exactly the keys of "The response object" example', async () => {
    expect(listKeyPaths(await postForJson(REQUEST))).toEqual(listKeyPaths(responseObject));
  });

  it('a function call response has the Functions example keys, plus only keys the object example shows', async () => {
    upstream.enqueue({ kind: 'message', functionCalls: [{ name: 'get_current_weather', arguments: '{}' }] });
    const body = (await postForJson({ ...REQUEST, tools: [WEATHER_TOOL] })) as { tools: unknown };
    expect(body.tools).toEqual([WEATHER_TOOL]);
    const keys = listKeyPaths({ ...body, tools: [] });
    const functions = listKeyPaths({ ...functionCallExample, tools: [] });
    const object = listKeyPaths(responseObject);
    expect(functions.filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !functions.includes(key) && !object.includes(key))).toEqual([]);
  });

  it('a reasoning item has the keys of the reasoning guide example, plus encrypted_content when included', async () => {
    const reasoningRequest = { ...REQUEST, reasoning: { effort: 'low', summary: 'auto' } };
    upstream.enqueue({ kind: 'message', text: 'Paris.', reasoning: { summary: 'Thinking.' } });
    const plain = (await postForJson(reasoningRequest)) as { output: unknown[] };
    expect(listKeyPaths(plain.output[0])).toEqual(listKeyPaths(guideReasoningItem));
    expect(listKeyPaths(plain.output[1])).toEqual(listKeyPaths(responseObject.output[0]));
    const included = (await postForJson({
      ...reasoningRequest,
      include: ['reasoning.encrypted_content'],
    })) as {
      output: unknown[];
    };
    expect(listKeyPaths(included.output[0])).toEqual(
      [...listKeyPaths(guideReasoningItem), 'encrypted_content'].sort(),
    );
  });

  it('errors and the models list have the keys of the Chat Completions fixtures (the same API schemas)', async () => {
    upstream.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided.' });
    const error = await (await postJson(upstream.url, '/v1/responses', REQUEST)).json();
    expect(listKeyPaths(error)).toEqual(listKeyPaths(readOpenAIChatJsonFixture('error')));
    const models = await (await fetch(`${upstream.url}/v1/models`)).json();
    expect(listKeyPaths(models)).toEqual(listKeyPaths(readOpenAIChatJsonFixture('models-list')));
  });
});

describe('events match the "Streaming events" examples', () => {
  it('every event of text, reasoning, function call, incomplete and failed streams has the example keys', async () => {
    upstream.enqueue(FULL_REPLY, { kind: 'message', text: 'Cut', incomplete: true });
    upstream.enqueue({ kind: 'stream-fault', text: 'Partial', afterEvents: 5, fault: 'failed-event' });
    const streams = [];
    for (let count = 0; count < 4; count += 1)
      streams.push(await postForEvents({ ...REQUEST, stream: true }));
    const events = streams.flat();
    const types = new Set(events.map(describeType));
    expect([...types].filter((type) => referenceEvents[type] === undefined)).toEqual([]);
    expect(types.size).toBe(Object.keys(referenceEvents).length);
    for (const event of events) expectEventLikeReference(event.data as Record<string, unknown>);
  });

  it('a text stream follows the reference Streaming example, event for event', async () => {
    const events = await postForEvents({ ...REQUEST, stream: true });
    expect(describeResponsesEventSequence(events)).toEqual(
      describeResponsesEventSequence(readOpenAIResponsesStreamFixture('basic-text')),
    );
    for (const event of events) expect(event.event).toBe(describeType(event));
  });

  it('a reasoning + function call stream follows the recorded stream, sequence_number 0, 1, 2, … in both', async () => {
    upstream.enqueue({
      kind: 'message',
      reasoning: { summary: '' },
      functionCalls: [{ name: 'weather', arguments: '{"city": "Detroit"}' }],
    });
    const events = await postForEvents({ ...REQUEST, stream: true });
    const recorded = readOpenAIResponsesStreamFixture('reasoning-function-call');
    expect(describeResponsesEventSequence(events)).toEqual(describeResponsesEventSequence(recorded));
    for (const stream of [events, recorded]) {
      expect(stream.map((event) => readField(event, 'sequence_number'))).toEqual(
        stream.map((_, index) => index),
      );
    }
    const itemKeys = (stream: SseJsonMessage[], kind: string): string[][] =>
      stream
        .filter((event) => describeResponsesEvent(event.data) === kind)
        .map((event) => listKeyPaths(event.data));
    for (const kind of ['response.output_item.added:function_call', 'response.output_item.done:reasoning']) {
      expect(itemKeys(events, kind)).toEqual(itemKeys(recorded, kind));
    }
  });
});

/**
 * The fake's event against the reference example of its type: no example key missing, no key beyond the
 * example's and the table's required fields. The response of response.* events is compared with "The response
 * object" (final) or the response.created example (in progress, failed); output items with the example for
 * their item type.
 */
function expectEventLikeReference(data: Record<string, unknown>): void {
  const type = String(data['type']);
  const reference = referenceEvents[type];
  if (reference === undefined) throw new Error(`No reference example for ${type}`);
  const nested = 'response' in data ? 'response' : 'item' in data ? 'item' : undefined;
  const withoutNested = (value: Record<string, unknown>): Record<string, unknown> =>
    nested === undefined ? value : { ...value, [nested]: null };
  const keys = listKeyPaths(withoutNested(data));
  const exampleKeys = listKeyPaths(withoutNested(reference.example));
  expect(
    exampleKeys.filter((key) => !keys.includes(key)),
    type,
  ).toEqual([]);
  expect(
    keys.filter((key) => !exampleKeys.includes(key) && !reference.required.includes(key)),
    type,
  ).toEqual([]);
  if (nested === 'item')
    expect(listKeyPaths(data['item']), type).toEqual(expectedItemKeys(type, data['item']));
  if (nested !== 'response') return;
  const response = data['response'] as { output: unknown[] };
  expect(listKeyPaths({ ...response, output: [] }), type).toEqual(expectedResponseKeys(data));
  for (const item of response.output) {
    expect(listKeyPaths(item), type).toEqual(expectedItemKeys('response.output_item.done', item));
  }
}

/** Key paths of the event's response, its `output` items left out (they are compared one by one). */
function expectedResponseKeys(data: Record<string, unknown>): string[] {
  const inProgress = listKeyPaths(referenceEvents['response.created']?.example['response']);
  const final = listKeyPaths({ ...responseObject, output: [] });
  switch (data['type']) {
    case 'response.completed':
      return final;
    case 'response.incomplete':
      return [...final, 'incomplete_details.reason'].sort();
    case 'response.failed':
      return [...inProgress, 'error.code', 'error.message'].sort();
    default:
      return inProgress;
  }
}

function expectedItemKeys(type: string, item: unknown): string[] {
  const added = type === 'response.output_item.added';
  const itemType = (item as { type?: unknown }).type;
  if (itemType === 'function_call') return listKeyPaths(functionCallExample.output[0]);
  if (itemType === 'reasoning') return added ? ['id', 'summary', 'type'] : listKeyPaths(guideReasoningItem);
  return listKeyPaths(referenceEvents[type]?.example['item']);
}

async function postForJson(body: unknown): Promise<unknown> {
  const response = await postJson(upstream.url, '/v1/responses', body);
  expect(response.status).toBe(200);
  return response.json();
}

async function postForEvents(body: unknown): Promise<SseJsonMessage[]> {
  const response = await postJson(upstream.url, '/v1/responses', body);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return parseSseJson(await response.text());
}

function describeType(event: SseJsonMessage): string {
  return String(readField(event, 'type'));
}

function readField(event: SseJsonMessage, field: string): unknown {
  return (event.data as Record<string, unknown>)[field];
}
