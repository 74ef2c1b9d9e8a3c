import { describe, expect, it } from 'vitest';
import { violations } from './__fixtures__/schema-violations.js';
import { sanitizeGeminiSchema } from './sanitize-schema.js';

describe('sanitizeGeminiSchema: one case per keyword', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      '$schema, $id, $comment, additionalProperties removed',
      {
        $schema: 'x',
        $id: 'y',
        $comment: 'z',
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: false,
      },
      { type: 'object', properties: { a: { type: 'string' } } },
    ],
    [
      'local $ref inlined (siblings kept), $defs removed',
      {
        type: 'object',
        properties: { a: { $ref: '#/$defs/A', description: 'the a' }, b: { $ref: '#/definitions/B' } },
        $defs: { A: { type: 'integer', description: 'ignored' } },
        definitions: { B: { type: 'boolean' } },
      },
      {
        type: 'object',
        properties: { a: { type: 'integer', description: 'the a' }, b: { type: 'boolean' } },
      },
    ],
    [
      'a recursive $ref is cut to a string',
      { type: 'object', properties: { child: { $ref: '#' } } },
      {
        type: 'object',
        properties: { child: { type: 'object', properties: { child: { type: 'string' } } } },
      },
    ],
    [
      'propertyNames, patternProperties, unevaluatedProperties, dependencies, dependentRequired, dependentSchemas removed',
      {
        type: 'object',
        properties: { a: { type: 'string' } },
        propertyNames: { pattern: '^a' },
        patternProperties: { '^x': { type: 'string' } },
        unevaluatedProperties: false,
        dependencies: {},
        dependentRequired: {},
        dependentSchemas: {},
      },
      { type: 'object', properties: { a: { type: 'string' } } },
    ],
    [
      'uniqueItems, contains, minContains, maxContains removed; prefixItems → items',
      {
        type: 'array',
        prefixItems: [{ type: 'number' }],
        uniqueItems: true,
        contains: {},
        minContains: 1,
        maxContains: 2,
      },
      { type: 'array', items: { type: 'number' } },
    ],
    [
      'tuple items → its first member',
      { type: 'array', items: [{ type: 'string' }, { type: 'number' }] },
      { type: 'array', items: { type: 'string' } },
    ],
    [
      'an array without items gets string items',
      { type: 'array', maxItems: 3 },
      { type: 'array', maxItems: 3, items: { type: 'string' } },
    ],
    ['multipleOf removed', { type: 'number', multipleOf: 0.5 }, { type: 'number' }],
    [
      'exclusiveMinimum on an integer → minimum + 1',
      { type: 'integer', exclusiveMinimum: 0 },
      { type: 'integer', minimum: 1 },
    ],
    [
      'exclusiveMaximum on a number → maximum',
      { type: 'number', exclusiveMaximum: 10 },
      { type: 'number', maximum: 10 },
    ],
    [
      'exclusive bound only tightens',
      { type: 'integer', minimum: 5, exclusiveMinimum: 2 },
      { type: 'integer', minimum: 5 },
    ],
    [
      'draft-04 boolean exclusiveMinimum',
      { type: 'integer', minimum: 5, exclusiveMinimum: true },
      { type: 'integer', minimum: 6 },
    ],
    ['const → enum', { type: 'string', const: 'fixed' }, { type: 'string', enum: ['fixed'] }],
    [
      'examples, input_examples, readOnly, deprecated removed',
      { type: 'string', examples: ['a'], input_examples: [], readOnly: true, deprecated: true },
      { type: 'string' },
    ],
    [
      'example and title kept',
      { type: 'string', example: 'a', title: 'T' },
      { type: 'string', example: 'a', title: 'T' },
    ],
    ['a default of the right type kept', { type: 'integer', default: 3 }, { type: 'integer', default: 3 }],
    ['a default of the wrong type removed', { type: 'integer', default: 'three' }, { type: 'integer' }],
    ['format uri removed from a string', { type: 'string', format: 'uri' }, { type: 'string' }],
    [
      'format date-time kept',
      { type: 'string', format: 'date-time' },
      { type: 'string', format: 'date-time' },
    ],
    [
      'format int64 kept on an integer',
      { type: 'integer', format: 'int64' },
      { type: 'integer', format: 'int64' },
    ],
    [
      'oneOf → anyOf',
      { type: 'object', properties: { v: { oneOf: [{ type: 'string' }, { type: 'integer' }] } } },
      { type: 'object', properties: { v: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } },
    ],
    [
      'allOf merged',
      {
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'number' } }, required: ['b'] },
        ],
      },
      { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b'] },
    ],
    ['type list with null → nullable', { type: ['string', 'null'] }, { type: 'string', nullable: true }],
    [
      'type list of two types → anyOf, keywords to their branch',
      { type: ['string', 'array'], items: { type: 'string' }, maxLength: 5, description: 'd' },
      {
        description: 'd',
        anyOf: [
          { type: 'string', maxLength: 5 },
          { type: 'array', items: { type: 'string' } },
        ],
      },
    ],
    [
      'anyOf with a null member → nullable, the single rest merged',
      { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], description: 'n' },
      { type: 'integer', minimum: 0, description: 'n', nullable: true },
    ],
    [
      'anyOf beside a type (constraint branches) removed',
      { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ required: ['a'] }] },
      { type: 'object', properties: { a: { type: 'string' } } },
    ],
    [
      'required names not in properties removed',
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'ghost'] },
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
    ],
    ['required without properties removed', { type: 'object', required: ['ghost'] }, { type: 'object' }],
    [
      'numeric enum on a string type stringified',
      { type: 'string', enum: ['a', 1, true] },
      { type: 'string', enum: ['a', '1', 'true'] },
    ],
    [
      'null in an enum → nullable',
      { type: 'string', enum: ['a', null] },
      { type: 'string', enum: ['a'], nullable: true },
    ],
    [
      'enum on an integer moves to the description',
      { type: 'integer', enum: [1, 2], description: 'Level.' },
      { type: 'integer', description: 'Level.\nAllowed values: 1, 2.' },
    ],
    ['a typeless enum of strings is a string', { enum: ['x', 'y'] }, { type: 'string', enum: ['x', 'y'] }],
    [
      'upper-case Gemini types come out lower-case',
      { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
      { type: 'object', properties: { a: { type: 'string' } } },
    ],
    [
      'keywords of another type removed',
      { type: 'string', properties: { a: {} }, minimum: 1, items: {} },
      { type: 'string' },
    ],
    [
      'a property without a type becomes a string',
      { type: 'object', properties: { any: { description: 'anything' } } },
      { type: 'object', properties: { any: { type: 'string', description: 'anything' } } },
    ],
    [
      'not, if/then/else removed',
      { type: 'string', not: { const: 'x' }, if: {}, then: {}, else: {} },
      { type: 'string' },
    ],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const { schema } = sanitizeGeminiSchema(input);
    expect(schema).toEqual(expected);
    expect(violations(schema)).toEqual([]);
  });

  it('reports removed and rewritten keyword paths', () => {
    const { removed } = sanitizeGeminiSchema({
      type: 'object',
      properties: { a: { type: ['string', 'null'], format: 'email' }, b: {} },
      required: ['a', 'c'],
      additionalProperties: false,
    });
    expect(removed).toEqual([
      'additionalProperties',
      'properties.a.type',
      'properties.a.format',
      'properties.b.type (added: string)',
      'required[c]',
    ]);
  });

  it('leaves the input as it was', () => {
    const input = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/A' } },
      $defs: { A: { type: 'string' } },
    };
    const copy = structuredClone(input);
    sanitizeGeminiSchema(input);
    expect(input).toEqual(copy);
  });
});
