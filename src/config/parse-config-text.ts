import type { Document } from 'yaml';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { ConfigError, formatConfigPath } from './config-error.js';
import type { RawConfig } from './schema.js';
import { configSchema, knownKeysAt } from './schema.js';

/** Finds the 1-based line of a document path (`['claude-api-key', 0, 'name']`), or of its nearest parent. */
export type LocateLine = (path: readonly PropertyKey[]) => number | undefined;

/** The result of {@link parseConfigText}: the validated file and a way to point at its lines. */
export interface ParsedConfigText {
  readonly raw: RawConfig;
  /** Line lookup for later (compile-time) issues such as a duplicate `name`. */
  readonly lineOf: LocateLine;
}

/** Keys whose values are credentials (or may embed one): their values never appear in a message. */
const SECRET_KEYS = new Set(['api-key', 'api-keys', 'headers', 'proxy-url', 'secret-key']);

/** Largest edit distance at which an unknown key gets a "did you mean" suggestion. */
const SUGGESTION_DISTANCE = 2;

/**
 * Parses and validates the text of a `config.yaml`. An empty file is an empty config.
 * YAML `<<` merge keys are honoured; duplicate keys are an error.
 * @param text the file's content (UTF-8 decoded).
 * @param file the name used in issues (normally the file's absolute path).
 * @throws ConfigError listing every YAML syntax error, or else every schema violation, each with
 *   its line, its path (`claude-api-key[0].base-url`) and what was expected versus found.
 */
export function parseConfigText(text: string, file: string): ParsedConfigText {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const lineOf: LocateLine = (path) => locateLine(document, lineCounter, path);
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        path: '',
        message: `invalid YAML: ${error.message}`,
      })),
    );
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ file, path: '', message: `invalid YAML: ${reason}` }]);
  }
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => toConfigIssues(issue, data, file, lineOf));
    throw new ConfigError(issues.sort((left, right) => (left.line ?? Infinity) - (right.line ?? Infinity)));
  }
  return { raw: result.data, lineOf };
}

function locateLine(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as { range?: readonly number[] } | null)?.range;
    return range?.[0] === undefined ? undefined : lineCounter.linePos(range[0]).line;
  };
  let node: unknown = document.contents;
  let line = lineAt(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      line = lineAt(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      line = lineAt(item) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function toConfigIssues(
  issue: z.core.$ZodIssue,
  data: unknown,
  file: string,
  lineOf: LocateLine,
): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      const suggestion = closestKey(key, known);
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
      return {
        file,
        line: lineOf(path),
        path: formatConfigPath(path),
        message: `unknown key "${key}"${hint}`,
      };
    });
  }
  const found = valueAt(data, issue.path);
  let foundText = found.present
    ? `found ${describeValue(found.value, issue.path)}`
    : 'but the key is missing';
  if (issue.code === 'invalid_key') foundText = `found ${JSON.stringify(String(issue.path.at(-1)))}`;
  return [
    {
      file,
      line: lineOf(issue.path),
      path: formatConfigPath(issue.path),
      message: `${expectedText(issue)}, ${foundText}`,
    },
  ];
}

/** What the schema wanted, as a phrase starting with "expected". */
function expectedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return 'expected a non-empty string';
      if (issue.origin === 'array' || issue.origin === 'set')
        return `expected at least ${issue.minimum} items`;
      return `expected a number ${issue.inclusive === false ? 'greater than' : 'of at least'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `expected at most ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `expected at most ${issue.maximum} items`;
      return `expected a number ${issue.inclusive === false ? 'less than' : 'of at most'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? 'expected a valid key';
    default:
      return issue.message.startsWith('expected')
        ? issue.message
        : `expected a valid value (${issue.message})`;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

function valueAt(data: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let value: unknown = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      return { present: false, value: undefined };
    }
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return { present: true, value };
}

/** Describes a found value without revealing credentials: secret keys show only their type. */
function describeValue(value: unknown, path: readonly PropertyKey[]): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (path.some((segment) => SECRET_KEYS.has(String(segment)))) {
    return value === '' ? 'an empty string' : `a ${typeof value} (value not shown)`;
  }
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const shown = hideUrlCredentials(value);
    return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 57)}...` : shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function hideUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}

/**
 * The known key closest to `key` (case-insensitive optimal string alignment distance), when it is
 * within {@link SUGGESTION_DISTANCE} edits and shorter than the key itself.
 */
export function closestKey(key: string, knownKeys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = SUGGESTION_DISTANCE + 1;
  for (const candidate of knownKeys) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance < key.length) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(left: string, right: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= left.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= right.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] ?? [];
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let distance = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[left.length]?.[right.length] ?? Math.max(left.length, right.length);
}
