import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../../ir/message.js';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { encodeGeminiRequest } from './encode-request.js';

const GEMINI: UpstreamTarget = { providerId: 'gemini', model: 'gemini-2.5-flash' };

const BASE: IrRequest = {
  model: 'any',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  tools: [],
  stopSequences: [],
  stream: false,
  extensions: {},
};

function encode(fields: Partial<IrRequest>, target: UpstreamTarget = GEMINI) {
  return encodeGeminiRequest({ ...BASE, ...fields }, target);
}

function contentsOf(messages: IrMessage[]): unknown {
  return encode({ messages }).body.contents;
}

describe('encodeGeminiRequest: settings', () => {
  it.each([
    ['maxTokens', { maxTokens: 50 }, { maxOutputTokens: 50 }],
    ['sampling', { temperature: 1, topP: 0.3, topK: 5 }, { temperature: 1, topP: 0.3, topK: 5 }],
    ['thinking disabled', { thinking: { type: 'disabled' } }, { thinkingConfig: { thinkingBudget: 0 } }],
    [
      'thinking enabled',
      { thinking: { type: 'enabled', budgetTokens: 4000 } },
      { thinkingConfig: { thinkingBudget: 4000, includeThoughts: true } },
    ],
    [
      'adaptive thinking with an effort (Claude Code) → dynamic budget',
      { thinking: { type: 'adaptive' }, effort: 'high' },
      { thinkingConfig: { thinkingBudget: -1, includeThoughts: true } },
    ],
    [
      'effort alone → level',
      { effort: 'medium' },
      { thinkingConfig: { thinkingLevel: 'MEDIUM', includeThoughts: true } },
    ],
  ] as [string, Partial<IrRequest>, Record<string, unknown>][])('%s', (_name, fields, generationConfig) => {
    expect(encode(fields).body.generationConfig).toEqual(generationConfig);
  });

  it('sends at most 5 stop sequences, with a warning', () => {
    const encoded = encode({ stopSequences: ['1', '2', '3', '4', '5', '6'] });
    expect(encoded.body.generationConfig).toEqual({ stopSequences: ['1', '2', '3', '4', '5'] });
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['dropped-field']);
  });

  it('ignores a layout that is not one (an IR built or edited by hand)', () => {
    const encoded = encode({ extensions: { gemini: { _layout: { tools: 'junk', files: 3 }, seed: 1 } } });
    expect(encoded.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], seed: 1 });
  });

  it('does not warn about other spokes’ layout notes', () => {
    expect(encode({ extensions: { 'anthropic.layout': { keys: [] } } }).warnings).toEqual([]);
  });

  it('sends nothing but contents for a bare request', () => {
    expect(encode({}).body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
  });
});

describe('encodeGeminiRequest: tools', () => {
  it('sanitizes schemas, leaves out empty parameters, shortens long names', () => {
    const longName = `mcp__server__${'x'.repeat(70)}`;
    const encoded = encode({
      tools: [
        {
          type: 'function',
          name: longName,
          inputSchema: {
            type: 'object',
            properties: { url: { type: 'string', format: 'uri' } },
            additionalProperties: false,
          },
        },
        {
          type: 'function',
          name: 'TaskList',
          inputSchema: { type: 'object', properties: {}, additionalProperties: false },
        },
        { type: 'provider', format: 'anthropic', name: 'web_search', value: { type: 'web_search_20250305' } },
      ],
      toolChoice: { type: 'tool', name: longName, disableParallelToolUse: true },
    });
    const [upstreamName] = [...encoded.exchange.toolNames.keys()];
    expect(upstreamName).toMatch(/^mcp__server__x+_[0-9a-f]{8}$/);
    expect(upstreamName?.length).toBeLessThanOrEqual(64);
    expect(encoded.exchange.toolNames.get(upstreamName ?? '')).toBe(longName);
    expect(encoded.body.tools).toEqual([
      {
        functionDeclarations: [
          { name: upstreamName, parameters: { type: 'object', properties: { url: { type: 'string' } } } },
          { name: 'TaskList' },
        ],
      },
    ]);
    expect(encoded.body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [upstreamName] },
    });
    expect(encoded.warnings).toEqual([
      {
        code: 'dropped-tool',
        message: 'Provider tools of format anthropic have no Gemini equivalent and were dropped.',
      },
      {
        code: 'adapted-tool-schema',
        message: `Tool schemas were cut to Gemini's Schema subset (${longName}: additionalProperties, ${longName}: properties.url.format, TaskList: additionalProperties).`,
      },
      { code: 'dropped-field', message: 'Gemini has no switch to turn parallel function calls off.' },
    ]);
  });

  it('sends no toolConfig without tools', () => {
    expect(encode({ toolChoice: { type: 'auto' } }).body.toolConfig).toBeUndefined();
  });
});

describe('encodeGeminiRequest: contents', () => {
  it('puts a signature that rode on text back on that text; drops signatures of other providers', () => {
    const encoded = encode({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Mine', signature: { provider: 'gemini', value: 'G1' } },
            { type: 'reasoning', text: 'Theirs', signature: { provider: 'anthropic', value: 'A1' } },
            { type: 'text', text: 'Answer' },
            { type: 'reasoning', text: '', signature: { provider: 'gemini', value: 'G2' } },
            { type: 'redacted-reasoning', data: 'R', provider: 'anthropic' },
          ],
        },
      ],
    });
    expect(encoded.body.contents).toEqual([
      {
        role: 'model',
        parts: [
          { text: 'Mine', thought: true, thoughtSignature: 'G1' },
          { text: 'Theirs', thought: true },
          { text: 'Answer', thoughtSignature: 'G2' },
        ],
      },
    ]);
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['dropped-signature', 'dropped-block']);
  });

  it('gives the first call of a model turn without a signature the placeholder', () => {
    expect(
      contentsOf([
        {
          role: 'assistant',
          content: [
            { type: 'tool-use', id: 'toolu_1', name: 'a', input: {} },
            { type: 'tool-use', id: 'toolu_2', name: 'b', input: 'not an object' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'a', args: {} }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { name: 'b', args: { value: 'not an object' } } },
        ],
      },
    ]);
  });

  it('tool results: name of their call, error results, media after the response, unknown calls', () => {
    const encoded = encode({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-use', id: 'gemini_abc', name: 'shot', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool-result',
              toolUseId: 'gemini_abc',
              content: [
                { type: 'text', text: 'see image' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'PNG' } },
              ],
            },
            {
              type: 'tool-result',
              toolUseId: 'toolu_gone',
              content: [{ type: 'text', text: 'x' }],
              isError: true,
            },
          ],
        },
      ],
    });
    expect((encoded.body.contents as unknown[])[1]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { id: 'abc', name: 'shot', response: { result: 'see image' } } },
        { inlineData: { mimeType: 'image/png', data: 'PNG' } },
        { functionResponse: { name: 'unknown_function', response: { error: 'x' } } },
      ],
    });
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['unmatched-tool-result']);
  });

  it('media sources: URL (type by extension), text document, other providers’ file ids', () => {
    const encoded = encode({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'url', url: 'https://x.test/cat.webp?size=2' } },
            { type: 'document', source: { kind: 'url', url: 'https://x.test/spec' } },
            { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'héllo' } },
            { type: 'document', source: { kind: 'file', fileId: 'file_011CNha8iCJcU1wXNR6q4V8w' } },
            { type: 'document', source: { kind: 'file', fileId: 'files/abc-123' } },
          ],
        },
      ],
    });
    expect(encoded.body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { fileData: { fileUri: 'https://x.test/cat.webp?size=2', mimeType: 'image/webp' } },
          { fileData: { fileUri: 'https://x.test/spec', mimeType: 'application/pdf' } },
          { inlineData: { mimeType: 'text/plain', data: Buffer.from('héllo').toString('base64') } },
          { fileData: { fileUri: 'files/abc-123', mimeType: 'application/pdf' } },
        ],
      },
    ]);
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['dropped-block']);
  });

  it('a system message mid-way becomes a user turn in place; empty turns are left out', () => {
    expect(
      contentsOf([
        { role: 'user', content: [{ type: 'text', text: 'Q' }] },
        {
          role: 'system',
          content: [
            { type: 'text', text: 'A' },
            { type: 'text', text: 'B' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'Q' }] },
      { role: 'user', parts: [{ text: 'System: A\n\nB' }] },
    ]);
  });
});
