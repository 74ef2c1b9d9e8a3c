// Loads the Gemini API reference examples in __fixtures__/gemini-* so tests can check that the fake sends the
// keys the recordings show, and nothing they do not. Key paths come from anthropic-reference-fixtures.ts.
import { readFileSync } from 'node:fs';
import { listKeyPaths } from './anthropic-reference-fixtures.js';
import { parseSseJson, type SseJsonMessage } from './read-sse.js';

const FIXTURES_DIRECTORY = new URL('./__fixtures__/', import.meta.url);

/**
 * The streamed examples, by scenario (file `gemini-<scenario>.sse`): `basic-text` (text, then the Gemini 3
 * closing chunk), `function-call-stream` (text, a function call with `id`, the closing chunk),
 * `thoughts-stream` (`includeThoughts`: thought parts, a function call, text).
 */
export type GeminiStreamScenario = 'basic-text' | 'function-call-stream' | 'thoughts-stream';

/** Every streamed scenario with a fixture. */
export const GEMINI_STREAM_SCENARIOS: readonly GeminiStreamScenario[] = [
  'basic-text',
  'function-call-stream',
  'thoughts-stream',
];

/**
 * The JSON examples, by scenario (file `gemini-<scenario>.json`, the example in `example`): `generate-content`
 * and `function-call` (GenerateContentResponse), `count-tokens`, `models-list`, and the error bodies
 * `error-api-key-invalid` (array-wrapped, from a non-SSE stream), `error-missing-key`, `error-not-found`,
 * `error-quota`.
 */
export type GeminiJsonScenario =
  | 'generate-content'
  | 'function-call'
  | 'count-tokens'
  | 'models-list'
  | 'error-api-key-invalid'
  | 'error-missing-key'
  | 'error-not-found'
  | 'error-quota';

/** Every JSON scenario with a fixture. */
export const GEMINI_JSON_SCENARIOS: readonly GeminiJsonScenario[] = [
  'generate-content',
  'function-call',
  'count-tokens',
  'models-list',
  'error-api-key-invalid',
  'error-missing-key',
  'error-not-found',
  'error-quota',
];

/**
 * Keys the recordings carry that the fake leaves out on purpose: `serviceTier` (usage tier, newer than the
 * reference's `UsageMetadata`), `finishMessage` (Gemini 3's note on function calls) and `nonce` (not in the
 * API reference; present in one capture only).
 */
export const GEMINI_KEYS_NOT_EMULATED: readonly string[] = ['serviceTier', 'finishMessage', 'nonce'];

/** The events of `__fixtures__/gemini-<scenario>.sse` (its `: source:` comment lines are skipped). */
export function readGeminiStreamFixture(scenario: GeminiStreamScenario): SseJsonMessage[] {
  return parseSseJson(readGeminiStreamFixtureText(scenario));
}

/** The raw text of `__fixtures__/gemini-<scenario>.sse`, comments included. */
export function readGeminiStreamFixtureText(scenario: GeminiStreamScenario): string {
  return readFixtureText(`gemini-${scenario}.sse`);
}

/** The `example` of `__fixtures__/gemini-<scenario>.json` (a recorded or reference example). */
export function readGeminiJsonFixture(scenario: GeminiJsonScenario): unknown {
  return readField(`gemini-${scenario}.json`, 'example');
}

/** The `source` object of `__fixtures__/gemini-<scenario>.json` (title, url, notes). */
export function readGeminiFixtureSource(scenario: GeminiJsonScenario): unknown {
  return readField(`gemini-${scenario}.json`, 'source');
}

/**
 * Key paths (`a.b`, `a[].b`) of a value, without those whose last segment is in
 * {@link GEMINI_KEYS_NOT_EMULATED}, sorted.
 */
export function listEmulatedKeyPaths(value: unknown): string[] {
  return listKeyPaths(value).filter((path) => {
    const last = path.split('.').at(-1)?.replace('[]', '') ?? path;
    return !GEMINI_KEYS_NOT_EMULATED.includes(last);
  });
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
