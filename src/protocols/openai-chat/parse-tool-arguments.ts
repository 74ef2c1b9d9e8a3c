import { jsonrepair } from 'jsonrepair';

/** How a tool call's `arguments` text was read. */
export type ParsedToolArguments =
  /** Valid JSON object text (`json` is the text as received, or `{}` for empty arguments). */
  | { readonly kind: 'valid'; readonly input: Readonly<Record<string, unknown>>; readonly json: string }
  /** Not JSON, but `jsonrepair` made an object of it (`json` is the repaired text). */
  | { readonly kind: 'repaired'; readonly input: Readonly<Record<string, unknown>>; readonly json: string }
  /** Nothing unambiguous could be made of it. */
  | { readonly kind: 'invalid' };

/**
 * Reads a tool call's `arguments` string. The rule (tool input must be a JSON object):
 * 1. empty or whitespace-only → `{}` (a call without arguments);
 * 2. `JSON.parse` gives an object → valid, kept byte for byte;
 * 3. else `jsonrepair` (truncated JSON, single quotes, trailing commas, Python `True`/`None`,
 *    unescaped newlines) — accepted only if the repair parses to an object: a repair to a string,
 *    number, array or `null` (e.g. `hello world` → `"hello world"`) is ambiguous, and
 *    concatenated objects (`{…}{…}`, two calls squeezed into one) fail to repair;
 * 4. anything else is invalid (the caller decides: `{}` plus a warning for client history, text
 *    plus a warning for upstream answers).
 * Source: OpenAI API reference, "The chat completion object" (`tool_calls[].function.arguments`:
 * "the model does not always generate valid JSON"); jsonrepair README.
 */
export function parseToolArguments(text: string): ParsedToolArguments {
  if (text.trim() === '') return { kind: 'valid', input: {}, json: '{}' };
  const direct = tryParseObject(text);
  if (direct !== undefined) return { kind: 'valid', input: direct, json: text };
  let repaired: string;
  try {
    repaired = jsonrepair(text);
  } catch {
    return { kind: 'invalid' };
  }
  const input = tryParseObject(repaired);
  return input === undefined ? { kind: 'invalid' } : { kind: 'repaired', input, json: repaired };
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
