import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicProtocol } from '../anthropic/anthropic-protocol.js';
import { violations } from './__fixtures__/schema-violations.js';
import { encodeGeminiRequest } from './encode-request.js';
import { sanitizeGeminiSchema } from './sanitize-schema.js';

interface ClaudeCodeTool {
  name: string;
  input_schema: Record<string, unknown>;
}

const CLAUDE_CODE_TOOLS = (
  JSON.parse(
    readFileSync(
      new URL('../../../test/fixtures/claude-code/messages-request.json', import.meta.url),
      'utf8',
    ),
  ) as { tools: ClaudeCodeTool[] }
).tools;

describe('sanitizeGeminiSchema: the 24 tools of a real Claude Code request', () => {
  it('has the 24 tools', () => {
    expect(CLAUDE_CODE_TOOLS).toHaveLength(24);
  });

  it.each(CLAUDE_CODE_TOOLS.map((tool) => [tool.name, tool.input_schema] as const))(
    '%s comes out inside the accepted subset',
    (_name, inputSchema) => {
      const before = JSON.stringify(inputSchema);
      const { schema, removed } = sanitizeGeminiSchema(inputSchema);
      expect(violations(schema)).toEqual([]);
      expect(schema.type).toBe('object');
      expect(removed).toContain('$schema');
      expect(JSON.stringify(inputSchema)).toBe(before);
    },
  );

  it('keeps what Gemini can say: Read keeps its properties, bounds and required list', () => {
    const read = CLAUDE_CODE_TOOLS.find((tool) => tool.name === 'Read');
    const { schema, removed } = sanitizeGeminiSchema(read?.input_schema);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(['file_path', 'offset', 'limit', 'pages']);
    expect(properties.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 9007199254740991 });
    expect(properties.offset).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.required).toEqual(['file_path']);
    expect(removed).toEqual(['$schema', 'additionalProperties', 'properties.limit.exclusiveMinimum']);
  });

  it('a tool without parameters stays an object without properties', () => {
    const taskList = CLAUDE_CODE_TOOLS.find((tool) => tool.name === 'TaskList');
    expect(sanitizeGeminiSchema(taskList?.input_schema).schema).toEqual({ type: 'object' });
  });
});

describe('the whole Claude Code request, decoded by the Anthropic spoke, encoded for Gemini', () => {
  it('declares all 24 functions inside the accepted subset', () => {
    const body = JSON.parse(
      readFileSync(
        new URL('../../../test/fixtures/claude-code/messages-request.json', import.meta.url),
        'utf8',
      ),
    ) as unknown;
    const { request } = anthropicProtocol.decodeRequest(body);
    const encoded = encodeGeminiRequest(request, { providerId: 'gemini', model: 'gemini-2.5-pro' });
    const [declared] = encoded.body.tools as {
      functionDeclarations: { name: string; parameters?: unknown }[];
    }[];
    expect(declared?.functionDeclarations.map((declaration) => declaration.name)).toEqual(
      CLAUDE_CODE_TOOLS.map((tool) => tool.name),
    );
    for (const declaration of declared?.functionDeclarations ?? []) {
      if (declaration.parameters !== undefined) expect(violations(declaration.parameters)).toEqual([]);
    }
    expect(encoded.body.generationConfig).toMatchObject({
      maxOutputTokens: 64000,
      thinkingConfig: { thinkingBudget: -1, includeThoughts: true },
    });
    expect(encoded.warnings.map((warning) => warning.code)).toContain('adapted-tool-schema');
  });
});
