import { cleanValues, filterPropertyNames } from './clean-schema-values.js';
import {
  ACCEPTED_GEMINI_SCHEMA_KEYWORDS,
  ALL_TYPE_KEYWORDS,
  BRANCH_KEYWORDS,
  GEMINI_SCHEMA_TYPES,
  type GeminiSchemaType,
  TYPE_KEYWORDS,
} from './gemini-schema-keywords.js';
import { inlineSchemaRefs, join } from './inline-schema-refs.js';

/** The keyword tables of `gemini-schema-keywords.ts`, for callers of the sanitizer. */
export {
  ACCEPTED_GEMINI_SCHEMA_KEYWORDS,
  GEMINI_SCHEMA_FORMATS,
  GEMINI_SCHEMA_TYPES,
  type GeminiSchemaType,
} from './gemini-schema-keywords.js';

/** A sanitized schema and what was changed to get it. */
export interface SanitizedGeminiSchema {
  readonly schema: Record<string, unknown>;
  /** Keyword paths removed or rewritten (`properties.limit.exclusiveMinimum`, `$schema`), for a warning. */
  readonly removed: string[];
}

type JsonObject = Record<string, unknown>;

/** Keywords that give a node its type by other means; a root without them and without `type` is an object. */
const COMPOSITE_KEYWORDS = ['type', 'anyOf', 'oneOf', 'allOf', 'const', 'enum'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON Schema (as clients send tool `input_schema` / `parameters`) → the subset Gemini's
 * function-declaration `Schema` accepts, keeping as much meaning as the subset can hold:
 * - local `$ref`s inlined (`inline-schema-refs.ts`), then `$ref`/`$defs`/`definitions` removed;
 * - `allOf` merged into one schema (properties and `required` united); `oneOf` → `anyOf`;
 * - `const: v` → `enum: [v]`; type lists (`["string", "null"]`) → one type + `nullable: true`,
 *   several non-null types → `anyOf` of one branch per type; `anyOf` members `{type: "null"}` →
 *   `nullable: true` (a single remaining member is merged into the node); `anyOf` beside a `type`
 *   (constraint-only branches such as `{required: [...]}`) is removed;
 * - `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` (exact for integers: n + 1 / n − 1;
 *   the bound itself for numbers), tightening an existing bound only;
 * - `prefixItems` / tuple `items: [...]` → `items` of the first member; an array without `items`
 *   gets `items: {type: "string"}` (the API requires it);
 * - every other keyword outside `ACCEPTED_GEMINI_SCHEMA_KEYWORDS` removed: `$schema`, `$id`,
 *   `$comment`, `additionalProperties`, `propertyNames`, `patternProperties`,
 *   `unevaluatedProperties`, `unevaluatedItems`, `dependencies`, `dependentRequired`,
 *   `dependentSchemas`, `uniqueItems`, `contains`, `minContains`, `maxContains`, `multipleOf`,
 *   `not`, `if`/`then`/`else`, `examples`, `input_examples`, `readOnly`, `writeOnly`,
 *   `deprecated`, `contentEncoding`, `contentMediaType`, …;
 * - a node without a type gets one from its keywords (properties → object, items → array, enum →
 *   its values' type, bounds → number, string limits → string), else `string` (the API requires a
 *   type outside `anyOf`: "type: must be specified when not using one_of, any_of or all_of");
 * - keywords of another type removed ("properties: only allowed for OBJECT type"); `format`
 *   values other than `GEMINI_SCHEMA_FORMATS` removed; `enum` values of strings stringified, an
 *   `enum` on a non-string type removed ("enum only allowed for STRING type") and listed in the
 *   description instead; `null` enum members → `nullable`; a `default` of the wrong type removed;
 * - `required` names missing from `properties` removed ("required[0]: property is not defined").
 * Type names come out lower-case (upper-case Gemini names are accepted in). A root without a type
 * (`{}`, `{properties: …}`) is an object: function parameters always are.
 * Sources: reference "Caching" > `Schema`; vercel/ai `convert-json-schema-to-openapi-schema.ts`;
 * peers' threads: litellm#14330, zed#44875, 9router#2309 and #359, nakama#292, goai#108,
 * weave-os/router#65, CLIProxyAPI#2142, gemini-cli#3178 and #13326, symfony/ai#1330,
 * LibreChat#6971, opencode#11888, AIStudioToAPI#154.
 * @param schema the client's schema (not changed)
 */
export function sanitizeGeminiSchema(schema: unknown): SanitizedGeminiSchema {
  const removed: string[] = [];
  const inlined = inlineSchemaRefs(schema, (path) => removed.push(path));
  const root =
    isObject(inlined) && !COMPOSITE_KEYWORDS.some((key) => key in inlined)
      ? { type: 'object', ...inlined }
      : inlined;
  return { schema: sanitizeNode(root, '', removed), removed };
}

function sanitizeNode(input: unknown, path: string, removed: string[]): JsonObject {
  if (!isObject(input)) {
    removed.push(`${join(path, 'type')} (added: string)`);
    return { type: 'string' };
  }
  const node: JsonObject = { ...input };
  if (Array.isArray(node.allOf)) mergeAllOf(node, path, removed);
  if (Array.isArray(node.oneOf)) {
    node.anyOf = [...(Array.isArray(node.anyOf) ? node.anyOf : []), ...node.oneOf];
    delete node.oneOf;
    removed.push(join(path, 'oneOf'));
  }
  if ('const' in node) {
    node.enum = [node.const];
    delete node.const;
    removed.push(join(path, 'const'));
  }
  normalizeType(node, path, removed);
  if (Array.isArray(node.anyOf) && collapseAnyOf(node, path, removed))
    return sanitizeNode(node, path, removed);
  foldExclusiveBound(node, 'exclusiveMinimum', path, removed);
  foldExclusiveBound(node, 'exclusiveMaximum', path, removed);
  if (Array.isArray(node.prefixItems) && node.items === undefined) node.items = node.prefixItems[0];
  if (Array.isArray(node.items)) {
    node.items = node.items[0];
    removed.push(`${join(path, 'items')} (tuple)`);
  }
  for (const key of Object.keys(node)) {
    if (ACCEPTED_GEMINI_SCHEMA_KEYWORDS.has(key)) continue;
    delete node[key];
    removed.push(join(path, key));
  }
  if (node.type === undefined && node.anyOf === undefined) {
    const inferred = inferType(node);
    if (inferred === undefined) removed.push(`${join(path, 'type')} (added: string)`);
    node.type = inferred ?? 'string';
  }
  const type = typeof node.type === 'string' ? (node.type as GeminiSchemaType) : undefined;
  for (const key of ALL_TYPE_KEYWORDS) {
    if (key in node && (type === undefined || !TYPE_KEYWORDS[type].includes(key))) {
      delete node[key];
      removed.push(join(path, key));
    }
  }
  cleanValues(node, type, path, removed);
  if (isObject(node.properties)) {
    const properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, child]) => [
        name,
        sanitizeNode(child, join(join(path, 'properties'), name), removed),
      ]),
    );
    if (Object.keys(properties).length > 0) node.properties = properties;
    else delete node.properties;
  }
  if (type === 'array') {
    if (node.items === undefined) removed.push(`${join(path, 'items')} (added: string)`);
    node.items =
      node.items === undefined ? { type: 'string' } : sanitizeNode(node.items, join(path, 'items'), removed);
  }
  if (Array.isArray(node.anyOf)) {
    node.anyOf = node.anyOf.map((branch, index) =>
      sanitizeNode(branch, `${join(path, 'anyOf')}[${index}]`, removed),
    );
  }
  filterPropertyNames(node, 'required', path, removed);
  filterPropertyNames(node, 'propertyOrdering', path, removed);
  return node;
}

function mergeAllOf(node: JsonObject, path: string, removed: string[]): void {
  const branches = node.allOf as unknown[];
  delete node.allOf;
  removed.push(join(path, 'allOf'));
  for (const branch of branches) {
    if (!isObject(branch)) continue;
    const flat: JsonObject = { ...branch };
    if (Array.isArray(flat.allOf)) mergeAllOf(flat, join(path, 'allOf'), removed);
    for (const [key, value] of Object.entries(flat)) {
      if (key === 'properties' && isObject(value)) {
        node.properties = { ...value, ...(isObject(node.properties) ? node.properties : {}) };
      } else if (key === 'required' && Array.isArray(value)) {
        node.required = [...new Set([...(Array.isArray(node.required) ? node.required : []), ...value])];
      } else if (!(key in node) && key !== '__proto__') {
        node[key] = value;
      }
    }
  }
}

/** One lower-case accepted `type`, `nullable` for `null`, or an `anyOf` per type for a type list. */
function normalizeType(node: JsonObject, path: string, removed: string[]): void {
  if (node.type === undefined) return;
  const listed = (Array.isArray(node.type) ? node.type : [node.type]).map((entry) =>
    typeof entry === 'string' ? entry.toLowerCase() : '',
  );
  if (listed.includes('null')) node.nullable = true;
  const types = [...new Set(listed.filter((entry) => GEMINI_SCHEMA_TYPES.has(entry)))] as GeminiSchemaType[];
  if (Array.isArray(node.type) || types.length !== listed.length) removed.push(join(path, 'type'));
  const [first] = types;
  if (types.length > 1 && node.anyOf === undefined) {
    node.anyOf = types.map((type) => {
      const branch: JsonObject = { type };
      for (const key of BRANCH_KEYWORDS[type]) if (key in node) branch[key] = node[key];
      return branch;
    });
    for (const type of types) for (const key of BRANCH_KEYWORDS[type]) delete node[key];
    delete node.type;
  } else if (first === undefined) delete node.type;
  else node.type = first;
}

function isNullSchema(branch: unknown): boolean {
  if (!isObject(branch)) return false;
  const type = Array.isArray(branch.type) && branch.type.length === 1 ? branch.type[0] : branch.type;
  return (
    (typeof type === 'string' && type.toLowerCase() === 'null') ||
    branch.const === null ||
    (Array.isArray(branch.enum) && branch.enum.length === 1 && branch.enum[0] === null)
  );
}

/** Drops `null` members (→ `nullable`); returns true when one member was merged into the node. */
function collapseAnyOf(node: JsonObject, path: string, removed: string[]): boolean {
  const members = (node.anyOf as unknown[]).filter((member) => !isNullSchema(member));
  if (members.length < (node.anyOf as unknown[]).length) node.nullable = true;
  if (members.length === 0 || node.type !== undefined) {
    delete node.anyOf;
    if (members.length > 0) removed.push(join(path, 'anyOf'));
    return false;
  }
  const [only] = members;
  if (members.length === 1 && isObject(only)) {
    delete node.anyOf;
    for (const [key, value] of Object.entries(only)) {
      if (!(key in node) && key !== '__proto__') node[key] = value;
    }
    return true;
  }
  node.anyOf = members;
  return false;
}

function foldExclusiveBound(
  node: JsonObject,
  key: 'exclusiveMinimum' | 'exclusiveMaximum',
  path: string,
  removed: string[],
): void {
  const exclusive = node[key];
  if (exclusive === undefined) return;
  delete node[key];
  removed.push(join(path, key));
  const lower = key === 'exclusiveMinimum';
  const bound = lower ? 'minimum' : 'maximum';
  const integer = node.type === 'integer';
  const existing = typeof node[bound] === 'number' ? (node[bound] as number) : undefined;
  if (typeof exclusive === 'number' && Number.isFinite(exclusive)) {
    const inclusive = integer ? (lower ? Math.floor(exclusive) + 1 : Math.ceil(exclusive) - 1) : exclusive;
    node[bound] =
      existing === undefined
        ? inclusive
        : lower
          ? Math.max(existing, inclusive)
          : Math.min(existing, inclusive);
  } else if (exclusive === true && existing !== undefined && integer) {
    node[bound] = lower ? existing + 1 : existing - 1;
  }
}

/** The type a typeless node's keywords imply, or `undefined` when they imply none. */
function inferType(node: JsonObject): GeminiSchemaType | undefined {
  if (isObject(node.properties) || 'required' in node || 'minProperties' in node) return 'object';
  if ('items' in node || 'minItems' in node || 'maxItems' in node) return 'array';
  if (Array.isArray(node.enum)) {
    const values = node.enum.filter((value) => value !== null);
    if (values.length > 0 && values.every((value) => typeof value === 'boolean')) return 'boolean';
    if (values.length > 0 && values.every((value) => Number.isInteger(value))) return 'integer';
    if (values.length > 0 && values.every((value) => typeof value === 'number')) return 'number';
    return 'string';
  }
  if ('minimum' in node || 'maximum' in node) return 'number';
  if ('minLength' in node || 'maxLength' in node || 'pattern' in node || 'format' in node) return 'string';
  return undefined;
}
