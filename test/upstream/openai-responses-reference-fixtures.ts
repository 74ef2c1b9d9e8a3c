// Loads the OpenAI Responses reference examples in __fixtures__/openai-responses-* so tests can check that the
// fake sends the keys the references show, and nothing they do not. Key paths come from
// anthropic-reference-fixtures.ts (`listKeyPaths`).
import { readFileSync } from 'node:fs';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';

const FIXTURES_DIRECTORY = new URL('./__fixtures__/', import.meta.url);

/**
 * The streamed examples, by scenario (file `openai-responses-<scenario>.sse`): `basic-text` ("Create a model
 * response", Streaming example), `reasoning-function-call` (a recorded API stream, named in the file).
 */
export type OpenAIResponsesStreamScenario = 'basic-text' | 'reasoning-function-call';

/** Every streamed scenario with a fixture. */
export const OPENAI_RESPONSES_STREAM_SCENARIOS: readonly OpenAIResponsesStreamScenario[] = [
  'basic-text',
  'reasoning-function-call',
];

/**
 * The JSON examples, by scenario (file `openai-responses-<scenario>.json`, the example in `example`): `response`
 * ("The response object"), `function-call` ("Create a model response", Functions), `reasoning-output` (reasoning
 * guide, "Reasoning summaries": an `output` array), `streaming-events` ("Streaming events": under `events`).
 */
export type OpenAIResponsesJsonScenario =
  'response' | 'function-call' | 'reasoning-output' | 'streaming-events';

/** Every JSON scenario with a fixture. */
export const OPENAI_RESPONSES_JSON_SCENARIOS: readonly OpenAIResponsesJsonScenario[] = [
  'response',
  'function-call',
  'reasoning-output',
  'streaming-events',
];

/** One event of "Streaming events": its OBJECT example and the field names its table marks Required. */
export interface OpenAIResponsesReferenceEvent {
  example: Record<string, unknown>;
  required: string[];
}

/** The events of `__fixtures__/openai-responses-<scenario>.sse` (its `:` comment lines are skipped). */
export function readOpenAIResponsesStreamFixture(scenario: OpenAIResponsesStreamScenario): SseJsonMessage[] {
  return parseSseJson(readOpenAIResponsesStreamFixtureText(scenario));
}

/** The raw text of `__fixtures__/openai-responses-<scenario>.sse`, comments included. */
export function readOpenAIResponsesStreamFixtureText(scenario: OpenAIResponsesStreamScenario): string {
  return readFixtureText(`openai-responses-${scenario}.sse`);
}

/** The `example` of `__fixtures__/openai-responses-<scenario>.json` (not for `streaming-events`). */
export function readOpenAIResponsesJsonFixture(
  scenario: Exclude<OpenAIResponsesJsonScenario, 'streaming-events'>,
): unknown {
  return readField(`openai-responses-${scenario}.json`, 'example');
}

/** The `source` object of `__fixtures__/openai-responses-<scenario>.json` (title, url, notes). */
export function readOpenAIResponsesFixtureSource(scenario: OpenAIResponsesJsonScenario): unknown {
  return readField(`openai-responses-${scenario}.json`, 'source');
}

/** The "Streaming events" examples by event `type` (`__fixtures__/openai-responses-streaming-events.json`). */
export function readOpenAIResponsesReferenceEvents(): Record<string, OpenAIResponsesReferenceEvent> {
  return readField('openai-responses-streaming-events.json', 'events') as Record<
    string,
    OpenAIResponsesReferenceEvent
  >;
}

/**
 * The event types in order, runs of the same type collapsed to one (so a text cut into 2 or 20 deltas reads
 * the same); `output_item.added` / `.done` refined by the item type (`response.output_item.added:message`).
 */
export function describeResponsesEventSequence(messages: readonly SseJsonMessage[]): string[] {
  const sequence: string[] = [];
  for (const message of messages) {
    const kind = describeResponsesEvent(message.data);
    if (sequence[sequence.length - 1] !== kind) sequence.push(kind);
  }
  return sequence;
}

/** An event's `type`, with `:<item type>` for output item events; `?` when the data has no type. */
export function describeResponsesEvent(data: unknown): string {
  if (typeof data !== 'object' || data === null || !('type' in data) || typeof data.type !== 'string')
    return '?';
  if ('item' in data && typeof data.item === 'object' && data.item !== null && 'type' in data.item) {
    return `${data.type}:${String(data.item.type)}`;
  }
  return data.type;
}

function readField(fileName: string, field: string): unknown {
  const parsed = JSON.parse(readFixtureText(fileName)) as unknown;
  if (typeof parsed !== 'object' || parsed === null || !(field in parsed)) {
    throw new Error(`Fixture ${fileName} has no "${field}"`);
  }
  return (parsed as Record<string, unknown>)[field];
}

function readFixtureText(fileName: string): string {
  return readFileSync(new URL(fileName, FIXTURES_DIRECTORY), 'utf8');
}
