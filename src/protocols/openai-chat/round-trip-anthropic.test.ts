import { describe, expect, it } from 'vitest';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { decodeOpenAIChatRequest } from './decode-request.js';
import { encodeOpenAIChatRequest } from './encode-request.js';

const OPENAI: UpstreamTarget = { providerId: 'openai', model: 'gpt-5' };

/** IR as the Anthropic decoder makes it (built by hand), limited to what both formats have. */
const ANTHROPIC_IR: IrRequest = {
  model: 'claude-sonnet-4-5',
  system: [
    { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
    { type: 'text', text: 'Environment: /repo' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this image and this PDF?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo' } },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
        {
          type: 'document',
          source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' },
          title: 'spec.pdf',
        },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Read both.' },
        { type: 'text', text: 'Let me read them.' },
        { type: 'tool-use', id: 'toolu_01A', name: 'Read', input: { file_path: '/repo/a.txt', limit: 10 } },
        { type: 'tool-use', id: 'toolu_01B', name: 'Bash', input: { command: 'ls -la' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool-result', toolUseId: 'toolu_01A', content: [{ type: 'text', text: 'hello' }] },
        { type: 'tool-result', toolUseId: 'toolu_01B', content: [{ type: 'text', text: 'a.txt' }] },
      ],
    },
    {
      role: 'system',
      content: [{ type: 'text', text: '<system-reminder>Plan mode is on.</system-reminder>' }],
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
        type: 'object',
        properties: { file_path: { type: 'string' }, limit: { type: 'number' } },
        required: ['file_path'],
      },
    },
    {
      type: 'function',
      name: 'Bash',
      description: 'Runs a command',
      inputSchema: { type: 'object', properties: { command: { type: 'string' } } },
      strict: true,
    },
  ],
  toolChoice: { type: 'tool', name: 'Read', disableParallelToolUse: true },
  maxTokens: 32000,
  temperature: 0.7,
  topP: 0.95,
  stopSequences: ['\n\nHuman:', 'END'],
  stream: true,
  effort: 'high',
  thinking: { type: 'enabled', budgetTokens: 24576 },
  userId: 'user_abc_account__session_123',
  extensions: {},
};

describe('round trip: Anthropic-shaped IR → OpenAI → IR', () => {
  it('keeps every field both formats have (to OpenAI, reasoning replayed)', () => {
    const encoded = encodeOpenAIChatRequest(ANTHROPIC_IR, { ...OPENAI, replayReasoning: true });
    const { request } = decodeOpenAIChatRequest(encoded.body);
    const { extensions, ...rest } = request;
    expect(rest).toEqual({ ...withoutExtensions(ANTHROPIC_IR), model: 'gpt-5' });
    expect(Object.keys(extensions['openai-chat'] ?? {})).toEqual(['_layout']);
    expect(encoded.warnings).toEqual([]);
  });

  it('to another provider: system parts are joined, reasoning is dropped, the budget becomes a level', () => {
    const encoded = encodeOpenAIChatRequest(
      { ...ANTHROPIC_IR, effort: undefined, thinking: { type: 'enabled', budgetTokens: 31999 } },
      { providerId: 'groq', model: 'qwen/qwen3-32b' },
    );
    const { request } = decodeOpenAIChatRequest(encoded.body);
    expect(request.system).toEqual([
      {
        type: 'text',
        text: "You are Claude Code, Anthropic's official CLI for Claude.\n\nEnvironment: /repo",
      },
    ]);
    expect(request.messages[1]?.content[0]).toEqual({ type: 'text', text: 'Let me read them.' });
    expect(request.thinking).toEqual({ type: 'enabled', budgetTokens: 24576 });
    expect(request.effort).toBe('high');
    expect(request.maxTokens).toBe(32000);
    expect(encoded.warnings.map((warning) => warning.code)).toEqual(['dropped-reasoning']);
  });

  it('is_error survives only as an "Error: " prefix', () => {
    const ir: IrRequest = {
      ...ANTHROPIC_IR,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolUseId: 't', content: [{ type: 'text', text: 'boom' }], isError: true },
          ],
        },
      ],
    };
    const { request } = decodeOpenAIChatRequest(encodeOpenAIChatRequest(ir, OPENAI).body);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [{ type: 'tool-result', toolUseId: 't', content: [{ type: 'text', text: 'Error: boom' }] }],
      },
    ]);
  });
});

function withoutExtensions(request: IrRequest): Omit<IrRequest, 'extensions'> {
  const { extensions: _extensions, ...rest } = request;
  return rest;
}
