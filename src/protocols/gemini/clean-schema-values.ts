import { GEMINI_SCHEMA_FORMATS, type GeminiSchemaType } from './gemini-schema-keywords.js';
import { join } from './inline-schema-refs.js';

type JsonObject = Record<string, unknown>;

const COUNT_KEYWORDS = ['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps the values of accepted keywords that Gemini can read for the node's type: strings for
 * `description`/`title`/`pattern`, a boolean `nullable`, non-negative integer counts, finite
 * bounds, `format` values of `GEMINI_SCHEMA_FORMATS`, string `enum`s (others listed in the
 * description), a `default` of the node's type. Part of `sanitizeGeminiSchema`.
 * @param removed receives the paths of what was dropped
 */
export function cleanValues(
  node: JsonObject,
  type: GeminiSchemaType | undefined,
  path: string,
  removed: string[],
): void {
  const drop = (key: string): void => {
    delete node[key];
    removed.push(join(path, key));
  };
  for (const key of ['description', 'title', 'pattern'])
    if (key in node && typeof node[key] !== 'string') drop(key);
  if ('nullable' in node && typeof node.nullable !== 'boolean') drop('nullable');
  for (const key of COUNT_KEYWORDS) {
    if (key in node && !(Number.isInteger(Number(node[key])) && Number(node[key]) >= 0)) drop(key);
  }
  for (const key of ['minimum', 'maximum']) if (key in node && !Number.isFinite(node[key])) drop(key);
  if (
    'format' in node &&
    (type === undefined || !GEMINI_SCHEMA_FORMATS[type].includes(String(node.format)))
  ) {
    drop('format');
  }
  if ('enum' in node) cleanEnum(node, type, drop);
  if ('default' in node && !defaultFits(node.default, type, node.nullable === true)) drop('default');
}

function cleanEnum(node: JsonObject, type: GeminiSchemaType | undefined, drop: (key: string) => void): void {
  if (!Array.isArray(node.enum)) {
    drop('enum');
    return;
  }
  const values = node.enum.filter((value) => value !== null);
  if (values.length < node.enum.length) node.nullable = true;
  if (values.length === 0) {
    delete node.enum;
    return;
  }
  if (type === 'string') {
    node.enum = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    return;
  }
  const allowed = `Allowed values: ${values.map((value) => JSON.stringify(value)).join(', ')}.`;
  node.description = typeof node.description === 'string' ? `${node.description}\n${allowed}` : allowed;
  drop('enum');
}

function defaultFits(value: unknown, type: GeminiSchemaType | undefined, nullable: boolean): boolean {
  if (value === null) return nullable;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case undefined:
      return false;
    default: {
      const unknown: never = type;
      throw new Error(`Unknown schema type ${String(unknown)}`);
    }
  }
}

/**
 * `required` / `propertyOrdering`: only names of `properties`, once each; dropped when empty
 * (the API answers "required[0]: property is not defined"). Part of `sanitizeGeminiSchema`.
 * @param removed receives `<path>.required[<name>]` for each name dropped
 */
export function filterPropertyNames(
  node: JsonObject,
  key: 'required' | 'propertyOrdering',
  path: string,
  removed: string[],
): void {
  if (!(key in node)) return;
  const names = Array.isArray(node[key]) ? (node[key] as unknown[]) : [];
  const defined = isObject(node.properties) ? node.properties : {};
  const kept = [
    ...new Set(
      names.filter((name): name is string => typeof name === 'string' && Object.hasOwn(defined, name)),
    ),
  ];
  for (const name of names)
    if (!kept.includes(name as string)) removed.push(`${join(path, key)}[${String(name)}]`);
  if (kept.length > 0) node[key] = kept;
  else delete node[key];
}
