/** Keyword tables of Gemini's function-declaration `Schema` (see `sanitize-schema.ts`). */

/**
 * The keywords of Gemini's function-declaration `Schema` ("a select subset of an OpenAPI 3.0
 * schema object"): anything else is refused with `Invalid JSON payload received. Unknown name
 * "<keyword>" … Cannot find field`.
 * Source: Gemini API reference, "Caching" > `Schema` (type, format, title, description, nullable,
 * enum, maxItems, minItems, properties, required, minProperties, maxProperties, minLength,
 * maxLength, pattern, example, anyOf, propertyOrdering, default, items, minimum, maximum);
 * js-genai `src/types.ts` `Schema`.
 */
export const ACCEPTED_GEMINI_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

/** A `Schema.type` this sanitizer sends (the API's `Type` enum, lower-case as JSON Schema writes it). */
export type GeminiSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

/** The types of `GeminiSchemaType` (reference: `Type`: STRING, NUMBER, INTEGER, BOOLEAN, ARRAY, OBJECT). */
export const GEMINI_SCHEMA_TYPES: ReadonlySet<string> = new Set<GeminiSchemaType>([
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'object',
]);

/**
 * `format` values kept per type: strings only `enum` and `date-time` (the API answers "format:
 * only 'enum' and 'date-time' are supported for STRING type" to `uri`, `email`, …), numbers
 * `float`/`double`, integers `int32`/`int64` (reference: `Schema.format`).
 */
export const GEMINI_SCHEMA_FORMATS: Readonly<Record<GeminiSchemaType, readonly string[]>> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
  boolean: [],
  array: [],
  object: [],
};

/** Keywords that only apply to one type (`properties: only allowed for OBJECT type`). */
export const TYPE_KEYWORDS: Readonly<Record<GeminiSchemaType, readonly string[]>> = {
  object: ['properties', 'required', 'propertyOrdering', 'minProperties', 'maxProperties'],
  array: ['items', 'minItems', 'maxItems'],
  string: ['minLength', 'maxLength', 'pattern'],
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  boolean: [],
};
/** Every keyword of `TYPE_KEYWORDS`. */
export const ALL_TYPE_KEYWORDS = new Set(Object.values(TYPE_KEYWORDS).flat());
/** What a branch of a type list (`type: ["string", "array"]`) takes along from its parent. */
export const BRANCH_KEYWORDS: Readonly<Record<GeminiSchemaType, readonly string[]>> = {
  object: [...TYPE_KEYWORDS.object, 'additionalProperties'],
  array: [...TYPE_KEYWORDS.array, 'prefixItems'],
  string: [...TYPE_KEYWORDS.string, 'format', 'enum', 'const'],
  number: [...TYPE_KEYWORDS.number, 'exclusiveMinimum', 'exclusiveMaximum', 'format'],
  integer: [...TYPE_KEYWORDS.integer, 'exclusiveMinimum', 'exclusiveMaximum', 'format'],
  boolean: [],
};
