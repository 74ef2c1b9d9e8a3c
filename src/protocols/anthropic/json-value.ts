/**
 * Narrowing helpers for wire JSON of unknown shape (`unknown` in, typed views out), shared by the
 * Anthropic mappers. Nothing here copies or rebuilds values.
 */

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/**
 * Whether `value` is a plain JSON object.
 * @param value any parsed JSON value
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether every own key of `object` is in `allowed` (the object may lack some of them).
 * @param object a wire object
 * @param allowed the keys a mapper understands
 */
export function hasOnlyKeys(object: JsonObject, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
  return true;
}

/**
 * The entries of `object` whose keys are not in `known`, in their original order.
 * @returns a new object, empty when every key is known
 */
export function pickUnknownKeys(object: JsonObject, known: ReadonlySet<string>): JsonObject {
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!known.has(key)) rest[key] = value;
  return rest;
}

/**
 * Whether `value` is an array whose every element is a string.
 * @param value any parsed JSON value
 */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Re-joins a partially mapped wire field: `mapped` when the IR holds a value (then the fields of
 * `rest` it lacks, in their order), else `rest` itself (the whole wire value the IR could not
 * hold), else `undefined`.
 * @param mapped the fields written from the IR, or `undefined` when the IR holds none
 * @param rest what the decoder kept aside (`SplitField.rest`)
 */
export function joinRest(mapped: JsonObject | undefined, rest: unknown): unknown {
  if (mapped === undefined) return rest;
  if (!isJsonObject(rest)) return mapped;
  const joined: JsonObject = { ...mapped };
  for (const [key, value] of Object.entries(rest)) if (!(key in joined)) joined[key] = value;
  return joined;
}
