import {
  ACCEPTED_GEMINI_SCHEMA_KEYWORDS,
  GEMINI_SCHEMA_FORMATS,
  GEMINI_SCHEMA_TYPES,
  type GeminiSchemaType,
} from '../sanitize-schema.js';

/** Test support for the schema sanitizer tests (not used by the gateway). */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every violation of Gemini's function-declaration Schema subset in `schema`, by path. */
export function violations(schema: unknown, path = '(root)'): string[] {
  if (!isObject(schema)) return [`${path}: not an object`];
  const found: string[] = [];
  for (const key of Object.keys(schema)) {
    if (!ACCEPTED_GEMINI_SCHEMA_KEYWORDS.has(key)) found.push(`${path}: keyword ${key}`);
  }
  const type = schema.type;
  if (type === undefined && schema.anyOf === undefined) found.push(`${path}: no type`);
  if (type !== undefined && (typeof type !== 'string' || !GEMINI_SCHEMA_TYPES.has(type))) {
    found.push(`${path}: type ${JSON.stringify(type)}`);
  }
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  if (schema.properties !== undefined && type !== 'object')
    found.push(`${path}: properties on ${String(type)}`);
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required)) found.push(`${path}: required not a list`);
    else {
      for (const name of schema.required) {
        if (typeof name !== 'string' || properties === undefined || !Object.hasOwn(properties, name)) {
          found.push(`${path}: required ${String(name)} not in properties`);
        }
      }
    }
  }
  if (type === 'array' && !isObject(schema.items)) found.push(`${path}: array without items`);
  if (schema.items !== undefined && type !== 'array') found.push(`${path}: items on ${String(type)}`);
  if (schema.enum !== undefined) {
    if (type !== 'string') found.push(`${path}: enum on ${String(type)}`);
    if (!Array.isArray(schema.enum) || schema.enum.some((value) => typeof value !== 'string')) {
      found.push(`${path}: enum values not strings`);
    }
  }
  if (
    schema.format !== undefined &&
    !GEMINI_SCHEMA_FORMATS[type as GeminiSchemaType]?.includes(String(schema.format))
  ) {
    found.push(`${path}: format ${String(schema.format)} on ${String(type)}`);
  }
  for (const [name, child] of Object.entries(properties ?? {}))
    found.push(...violations(child, `${path}.${name}`));
  if (schema.items !== undefined) found.push(...violations(schema.items, `${path}[]`));
  if (Array.isArray(schema.anyOf)) {
    schema.anyOf.forEach((branch, index) => found.push(...violations(branch, `${path}|${index}`)));
  }
  return found;
}
