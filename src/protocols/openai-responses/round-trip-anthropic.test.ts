import { describe, expect, it } from 'vitest';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { decodeOpenAIResponsesRequest } from './decode-request.js';
import { encodeOpenAIResponsesRequest } from './encode-request.js';
import { packReasoningState } from './map-reasoning-item.js';

const OPENAI: UpstreamTarget = { providerId: 'openai', model: 'gpt-5' };

/** IR as the Anthropic decoder makes it (built by hand), with an earlier OpenAI turn replayed. */
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
        {
          type: 'reasoning',
          text: 'Claude reasoning.',
          signature: { provider: 'anthropic', value: 'EqQBCkYIBxgC' },
        },
        {
          type: 'reasoning',
          text: 'OpenAI reasoning.',
          signature: {
            provider: 'openai',
            value: packReasoningState({ id: 'rs_9', encryptedContent: 'gAAAA9' }),
          },
        },
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
      inputSchema: { type: 'object' },
      strict: true,
    },
    {
      type: 'provider',
      format: 'anthropic',
      name: 'web_search',
      value: { type: 'web_search_20250305', name: 'web_search' },
    },
  ],
  toolChoice: { type: 'tool', name: 'Read', disableParallelToolUse: true },
  maxTokens: 32000,
  temperature: 1,
  topP: 0.95,
  topK: 40,
  stopSequences: ['END'],
  stream: true,
  effort: 'high',
  thinking: { type: 'enabled', budgetTokens: 24576 },
  userId: 'user_abc_account__session_123',
  extensions: { anthropic: { context_management: { edits: [] } } },
};

describe('Anthropic-shaped IR → OpenAI Responses → IR', () => {
  const encoded = encodeOpenAIResponsesRequest(ANTHROPIC_IR, OPENAI);
  const back = decodeOpenAIResponsesRequest(encoded.body).request;

  it('keeps the conversation both formats have', () => {
    expect(back.system).toEqual([
      {
        type: 'text',
        text: "You are Claude Code, Anthropic's official CLI for Claude.\n\nEnvironment: /repo",
      },
    ]);
    const [user, assistant, results, reminder, done, thanks] = back.messages;
    expect(user).toEqual(ANTHROPIC_IR.messages[0]);
    expect(assistant).toEqual({
      role: 'assistant',
      content: [
        {
          type: 'reasoning',
          text: 'OpenAI reasoning.',
          signature: {
            provider: 'openai',
            value: packReasoningState({ id: 'rs_9', encryptedContent: 'gAAAA9' }),
          },
        },
        { type: 'text', text: 'Let me read them.' },
        { type: 'tool-use', id: 'toolu_01A', name: 'Read', input: { file_path: '/repo/a.txt', limit: 10 } },
        { type: 'tool-use', id: 'toolu_01B', name: 'Bash', input: { command: 'ls -la' } },
      ],
    });
    expect(results).toEqual(ANTHROPIC_IR.messages[2]);
    expect(reminder).toEqual(ANTHROPIC_IR.messages[3]);
    expect(done).toEqual(ANTHROPIC_IR.messages[4]);
    expect(thanks).toEqual(ANTHROPIC_IR.messages[5]);
    expect(back.messages).toHaveLength(6);
  });

  it('keeps tools, choice, limits, sampling, thinking and the user', () => {
    expect(back.tools).toEqual(ANTHROPIC_IR.tools.slice(0, 2));
    expect(back).toMatchObject({
      toolChoice: ANTHROPIC_IR.toolChoice,
      maxTokens: 32000,
      temperature: 1,
      topP: 0.95,
      stream: true,
      effort: 'high',
      thinking: { type: 'enabled', budgetTokens: 24576 },
      userId: 'user_abc_account__session_123',
    });
  });

  it('says what it could not carry', () => {
    expect(encoded.warnings.map((warning) => warning.code)).toEqual([
      'dropped-cache-control',
      'dropped-reasoning',
      'dropped-tool',
      'dropped-field',
      'dropped-field',
      'dropped-extension',
    ]);
    expect(back.topK).toBeUndefined();
    expect(back.stopSequences).toEqual([]);
  });
});
