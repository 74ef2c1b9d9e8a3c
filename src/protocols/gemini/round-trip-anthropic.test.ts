import { describe, expect, it } from 'vitest';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { decodeGeminiRequest } from './decode-request.js';
import { encodeGeminiRequest } from './encode-request.js';

const GEMINI: UpstreamTarget = { providerId: 'gemini', model: 'gemini-2.5-pro' };

/** IR as the Anthropic decoder makes it (built by hand), with a Gemini-answered tool turn in its history. */
const ANTHROPIC_IR: IrRequest = {
  model: 'claude-sonnet-4-5',
  system: [
    {
      type: 'text',
      text: "You are Claude Code, Anthropic's official CLI for Claude.",
      cacheControl: { type: 'ephemeral' },
    },
    { type: 'text', text: 'Environment: /repo' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this image and this PDF?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo' } },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
        { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Read both.', signature: { provider: 'gemini', value: 'GEMINI_SIG' } },
        { type: 'text', text: 'Let me read them.' },
        {
          type: 'tool-use',
          id: 'gemini_x7k2',
          name: 'Read',
          input: { file_path: '/repo/a.txt', limit: 10 },
          signature: { provider: 'gemini', value: 'CALL_SIG' },
        },
        { type: 'tool-use', id: 'gemini_p9q1', name: 'Bash', input: { command: 'ls -la' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool-result', toolUseId: 'gemini_x7k2', content: [{ type: 'text', text: 'hello' }] },
        {
          type: 'tool-result',
          toolUseId: 'gemini_p9q1',
          content: [{ type: 'text', text: 'boom' }],
          isError: true,
        },
      ],
    },
    {
      role: 'assistant',
      content: [{ type: 'tool-use', id: 'toolu_01C', name: 'Bash', input: { command: 'pwd' } }],
    },
    {
      role: 'user',
      content: [{ type: 'tool-result', toolUseId: 'toolu_01C', content: [{ type: 'text', text: '/repo' }] }],
    },
    { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
  ],
  tools: [
    {
      type: 'function',
      name: 'Read',
      description: 'Reads a file',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { file_path: { type: 'string' }, limit: { type: 'integer', exclusiveMinimum: 0 } },
        required: ['file_path'],
        additionalProperties: false,
      },
    },
    {
      type: 'function',
      name: 'Bash',
      description: 'Runs a command',
      inputSchema: { type: 'object', properties: { command: { type: 'string' } } },
    },
  ],
  toolChoice: { type: 'tool', name: 'Read' },
  maxTokens: 32000,
  temperature: 0.7,
  topP: 0.95,
  topK: 40,
  stopSequences: ['\n\nHuman:', 'END'],
  stream: true,
  thinking: { type: 'enabled', budgetTokens: 24576 },
  extensions: {},
};

describe('round trip: Anthropic-shaped IR → Gemini → IR', () => {
  const encoded = encodeGeminiRequest(ANTHROPIC_IR, GEMINI);
  const { request } = decodeGeminiRequest(encoded.body, { model: 'gemini-2.5-pro', stream: true });

  it('keeps the settings both formats have', () => {
    expect(request).toMatchObject({
      model: 'gemini-2.5-pro',
      system: [
        { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
        { type: 'text', text: 'Environment: /repo' },
      ],
      toolChoice: { type: 'tool', name: 'Read' },
      maxTokens: 32000,
      temperature: 0.7,
      topP: 0.95,
      topK: 40,
      stopSequences: ['\n\nHuman:', 'END'],
      stream: true,
      thinking: { type: 'enabled', budgetTokens: 24576 },
    });
  });

  it('keeps media, reasoning with its Gemini signature, and tool calls with their Gemini ids', () => {
    expect(request.messages[0]?.content).toEqual(ANTHROPIC_IR.messages[0]?.content);
    expect(request.messages[1]).toEqual(ANTHROPIC_IR.messages[1]);
    expect(request.messages[2]).toEqual(ANTHROPIC_IR.messages[2]);
  });

  it('calls of other providers come back under new ids, still matched to their results', () => {
    expect(request.messages[3]?.content).toEqual([
      { type: 'tool-use', id: 'call_1', name: 'Bash', input: { command: 'pwd' } },
    ]);
    expect(request.messages[4]?.content).toEqual([
      { type: 'tool-result', toolUseId: 'call_1', content: [{ type: 'text', text: '/repo' }] },
    ]);
    expect(request.messages.slice(5)).toEqual(ANTHROPIC_IR.messages.slice(5));
  });

  it('tool schemas arrive in Gemini’s subset', () => {
    expect(request.tools).toEqual([
      {
        type: 'function',
        name: 'Read',
        description: 'Reads a file',
        inputSchema: {
          type: 'object',
          properties: { file_path: { type: 'string' }, limit: { type: 'integer', minimum: 1 } },
          required: ['file_path'],
        },
      },
      {
        type: 'function',
        name: 'Bash',
        description: 'Runs a command',
        inputSchema: ANTHROPIC_IR.tools[1]?.type === 'function' ? ANTHROPIC_IR.tools[1].inputSchema : {},
      },
    ]);
  });

  it('says what it could not carry', () => {
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['adapted-tool-schema']);
    const withLoss = encodeGeminiRequest(
      {
        ...ANTHROPIC_IR,
        userId: 'user_1',
        messages: [
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'x', signature: { provider: 'anthropic', value: 'A' } },
              { type: 'redacted-reasoning', data: 'R', provider: 'anthropic' },
            ],
          },
          { role: 'system', content: [{ type: 'text', text: 'Plan mode is on.' }] },
        ],
        extensions: { anthropic: { context_management: {} } },
      },
      GEMINI,
    );
    expect(withLoss.warnings.map((warning) => warning.code).sort()).toEqual([
      'adapted-tool-schema',
      'dropped-block',
      'dropped-extension',
      'dropped-field',
      'dropped-signature',
    ]);
    expect((withLoss.body.contents as unknown[])[1]).toEqual({
      role: 'user',
      parts: [{ text: 'System: Plan mode is on.' }],
    });
  });
});
