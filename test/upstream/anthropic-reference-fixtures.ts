// Loads the reference examples in __fixtures__/ and describes JSON shapes (key paths, event signatures) so
// tests can check that the fake sends what Anthropic's references show, and nothing they do not.
import { readFileSync } from 'node:fs';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';

const FIXTURES_DIRECTORY = new URL('./__fixtures__/', import.meta.url);

/** The streamed reference examples, by scenario (file `anthropic-<scenario>.sse`). */
export type AnthropicStreamScenario = 'basic-text' | 'tool-use' | 'extended-thinking' | 'error-event';

/** The JSON reference examples, by scenario (file `anthropic-<scenario>.json`, shape in `example`). */
export type AnthropicJsonScenario = 'message' | 'error' | 'count-tokens' | 'models-list';

/** Every streamed scenario with a fixture. */
export const ANTHROPIC_STREAM_SCENARIOS: readonly AnthropicStreamScenario[] = [
  'basic-text',
  'tool-use',
  'extended-thinking',
  'error-event',
];

/** The events of `__fixtures__/anthropic-<scenario>.sse` (its `: source:` comment lines are skipped). */
export function readStreamFixture(scenario: AnthropicStreamScenario): SseJsonMessage[] {
  return parseSseJson(readFixtureText(`anthropic-${scenario}.sse`));
}

/** The raw text of `__fixtures__/anthropic-<scenario>.sse`, comments included. */
export function readStreamFixtureText(scenario: AnthropicStreamScenario): string {
  return readFixtureText(`anthropic-${scenario}.sse`);
}

/** The `example` object of `__fixtures__/anthropic-<scenario>.json` (a verbatim reference example). */
export function readJsonFixture(scenario: AnthropicJsonScenario): unknown {
  const parsed = JSON.parse(readFixtureText(`anthropic-${scenario}.json`)) as unknown;
  if (typeof parsed !== 'object' || parsed === null || !('example' in parsed)) {
    throw new Error(`Fixture anthropic-${scenario}.json has no "example"`);
  }
  return parsed.example;
}

/**
 * Every key path of a JSON value, sorted: `a`, `a.b` for nested objects, `a[].b` for objects inside arrays.
 * Values do not matter, only which keys exist.
 */
export function listKeyPaths(value: unknown, prefix = ''): string[] {
  const paths = new Set<string>();
  collectKeyPaths(value, prefix, paths);
  return [...paths].sort();
}

/**
 * What kind of event this is: the SSE event name, refined by the block or delta type for content block
 * events, e.g. `content_block_start:tool_use`, `content_block_delta:input_json_delta`, `message_stop`.
 */
export function describeEvent(message: SseJsonMessage): string {
  const name = message.event ?? 'message';
  const data = message.data;
  if (typeof data !== 'object' || data === null) return name;
  if ('content_block' in data && hasType(data.content_block)) return `${name}:${data.content_block.type}`;
  if ('delta' in data && name === 'content_block_delta' && hasType(data.delta))
    return `${name}:${data.delta.type}`;
  return name;
}

/**
 * The event kinds in order, runs of the same kind collapsed to one (so a text cut into 2 or 20 deltas
 * reads the same); `ping` events dropped unless `keepPings`.
 */
export function describeEventSequence(messages: readonly SseJsonMessage[], keepPings: boolean): string[] {
  const sequence: string[] = [];
  for (const message of messages) {
    const kind = describeEvent(message);
    if (kind === 'ping' && !keepPings) continue;
    if (sequence[sequence.length - 1] !== kind) sequence.push(kind);
  }
  return sequence;
}

/** Key paths of every event of one kind in the given streams, merged. */
export function collectEventKeyPaths(
  streams: readonly (readonly SseJsonMessage[])[],
  kind: string,
): Set<string> {
  const paths = new Set<string>();
  for (const stream of streams) {
    for (const message of stream) {
      if (describeEvent(message) === kind) for (const path of listKeyPaths(message.data)) paths.add(path);
    }
  }
  return paths;
}

function collectKeyPaths(value: unknown, prefix: string, paths: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeyPaths(item, `${prefix}[]`, paths);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    paths.add(path);
    collectKeyPaths(child, path, paths);
  }
}

function hasType(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

function readFixtureText(fileName: string): string {
  return readFileSync(new URL(fileName, FIXTURES_DIRECTORY), 'utf8');
}
