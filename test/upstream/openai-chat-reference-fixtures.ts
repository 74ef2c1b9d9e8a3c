// Loads the OpenAI reference examples in __fixtures__/openai-chat-* so tests can check that the fake sends
// the keys the references show, and nothing they do not. Key paths come from anthropic-reference-fixtures.ts.
import { readFileSync } from 'node:fs';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';

const FIXTURES_DIRECTORY = new URL('./__fixtures__/', import.meta.url);

/** The streamed reference examples, by scenario (file `openai-chat-<scenario>.sse`). */
export type OpenAIChatStreamScenario = 'basic-text';

/**
 * The JSON reference examples, by scenario (file `openai-chat-<scenario>.json`, the example in `example`):
 * `completion` ("The chat completion object"), `completion-tool-calls` ("Create chat completion", Functions),
 * `tool-call-deltas` (function calling guide, "Streaming"), `models-list` ("List models"), `error` (the
 * `ErrorResponse` schema with a 401 body).
 */
export type OpenAIChatJsonScenario =
  'completion' | 'completion-tool-calls' | 'tool-call-deltas' | 'models-list' | 'error';

/** Every JSON scenario with a fixture. */
export const OPENAI_CHAT_JSON_SCENARIOS: readonly OpenAIChatJsonScenario[] = [
  'completion',
  'completion-tool-calls',
  'tool-call-deltas',
  'models-list',
  'error',
];

/** One provider extension of `__fixtures__/openai-chat-provider-extensions.json`, with its documentation. */
export interface OpenAIChatProviderExtension {
  field: 'reasoning_content' | 'reasoning' | 'think-tags';
  provider: string;
  /** Where the field appears, as key paths (`choices[].delta.reasoning_content`). */
  paths: string[];
  title: string;
  url: string;
  /** The documentation's sentence defining the field. */
  quote: string;
}

/** The events of `__fixtures__/openai-chat-<scenario>.sse` (its `: source:` comment lines are skipped). */
export function readOpenAIChatStreamFixture(scenario: OpenAIChatStreamScenario): SseJsonMessage[] {
  return parseSseJson(readOpenAIChatStreamFixtureText(scenario));
}

/** The raw text of `__fixtures__/openai-chat-<scenario>.sse`, comments included. */
export function readOpenAIChatStreamFixtureText(scenario: OpenAIChatStreamScenario): string {
  return readFixtureText(`openai-chat-${scenario}.sse`);
}

/** The `example` of `__fixtures__/openai-chat-<scenario>.json` (a reference example). */
export function readOpenAIChatJsonFixture(scenario: OpenAIChatJsonScenario): unknown {
  return readField(`openai-chat-${scenario}.json`, 'example');
}

/** The `source` object of `__fixtures__/openai-chat-<scenario>.json` (title, url, notes). */
export function readOpenAIChatFixtureSource(scenario: OpenAIChatJsonScenario): unknown {
  return readField(`openai-chat-${scenario}.json`, 'source');
}

/** The documented provider extensions (`__fixtures__/openai-chat-provider-extensions.json`). */
export function readOpenAIChatProviderExtensions(): OpenAIChatProviderExtension[] {
  return readField('openai-chat-provider-extensions.json', 'extensions') as OpenAIChatProviderExtension[];
}

/**
 * Key paths (as `listKeyPaths` writes them: `a.b`, `a[].b`) whose value is not null, sorted. For examples
 * printed through an SDK model, where a field the wire did not carry shows as null.
 */
export function listNonNullKeyPaths(value: unknown, prefix = ''): string[] {
  const paths = new Set<string>();
  collectNonNull(value, prefix, paths);
  return [...paths].sort();
}

function collectNonNull(value: unknown, prefix: string, paths: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNonNull(item, `${prefix}[]`, paths);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    paths.add(path);
    collectNonNull(child, path, paths);
  }
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
