import { describe, expect, it } from 'vitest';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { encodeOpenAIChatRequest } from './encode-request.js';
import { shortenToolName } from './shorten-tool-names.js';

const GROQ: UpstreamTarget = { providerId: 'groq', model: 'openai/gpt-oss-120b', maxToolNameLength: 64 };

function request(fields: Partial<IrRequest> = {}): IrRequest {
  return {
    model: 'claude-sonnet-4-5',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    tools: [],
    stopSequences: [],
    stream: false,
    extensions: {},
    ...fields,
  };
}

const LONG_MCP_NAME = 'mcp__claude_in_chrome__computer_use_take_screenshot_of_the_current_browser_tab';

/** A Claude Code-shaped IR request, built by hand (as the Anthropic decoder would make it). */
const CLAUDE_CODE: IrRequest = request({
  system: [
    { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
    { type: 'text', text: 'Work in /repo.', cacheControl: { type: 'ephemeral' } },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: '<system-reminder>Be careful.</system-reminder>' },
        { type: 'text', text: 'Take a screenshot and read a.txt', cacheControl: { type: 'ephemeral' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Two tools.', signature: { provider: 'anthropic', value: 'EqQBCkYI' } },
        { type: 'redacted-reasoning', data: 'EmwKAhgB', provider: 'anthropic' },
        { type: 'text', text: 'On it.' },
        { type: 'tool-use', id: 'toolu_01', name: LONG_MCP_NAME, input: {} },
        { type: 'tool-use', id: 'toolu_02', name: 'Read', input: { file_path: '/repo/a.txt' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool-result',
          toolUseId: 'toolu_01',
          content: [
            { type: 'text', text: 'Screenshot taken' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
          ],
        },
        {
          type: 'tool-result',
          toolUseId: 'toolu_02',
          content: [{ type: 'text', text: 'ENOENT' }],
          isError: true,
        },
        { type: 'opaque', format: 'anthropic', value: { type: 'tool_reference', tool_name: 'WebFetch' } },
      ],
    },
    { role: 'system', content: [{ type: 'text', text: 'The user switched to plan mode.' }] },
  ],
  tools: [
    {
      type: 'function',
      name: LONG_MCP_NAME,
      description: 'Screenshot',
      inputSchema: { type: 'object', properties: {} },
    },
    {
      type: 'function',
      name: 'Read',
      description: 'Read a file',
      inputSchema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
      cacheControl: { type: 'ephemeral' },
    },
    { type: 'function', name: 'WebFetch', inputSchema: { type: 'object' }, deferLoading: true },
    {
      type: 'provider',
      format: 'anthropic',
      name: 'web_search',
      value: { type: 'web_search_20250305', name: 'web_search' },
    },
  ],
  toolChoice: { type: 'auto', disableParallelToolUse: true },
  maxTokens: 32000,
  temperature: 1,
  topK: 40,
  stopSequences: ['</stop>'],
  stream: true,
  thinking: { type: 'enabled', budgetTokens: 31999 },
  userId: 'user_abc_account__session_123',
  extensions: { anthropic: { context_management: { edits: [] }, output_config: { effort: 'high' } } },
});

describe('encodeOpenAIChatRequest: a Claude Code request to Groq', () => {
  const encoded = encodeOpenAIChatRequest(CLAUDE_CODE, GROQ);
  const short = shortenToolName(LONG_MCP_NAME, 64);

  it('builds the body', () => {
    expect(encoded.body).toEqual({
      model: 'openai/gpt-oss-120b',
      messages: [
        {
          role: 'system',
          content: "You are Claude Code, Anthropic's official CLI for Claude.\n\nWork in /repo.",
        },
        {
          role: 'user',
          content: '<system-reminder>Be careful.</system-reminder>\n\nTake a screenshot and read a.txt',
        },
        {
          role: 'assistant',
          content: 'On it.',
          tool_calls: [
            { id: 'toolu_01', type: 'function', function: { name: short, arguments: '{}' } },
            {
              id: 'toolu_02',
              type: 'function',
              function: { name: 'Read', arguments: '{"file_path":"/repo/a.txt"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01', content: 'Screenshot taken' },
        { role: 'tool', tool_call_id: 'toolu_02', content: 'Error: ENOENT' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Attachments returned by tool call toolu_01:' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          ],
        },
        { role: 'user', content: 'Tool reference: WebFetch' },
        { role: 'system', content: 'The user switched to plan mode.' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: short,
            description: 'Screenshot',
            parameters: { type: 'object', properties: {} },
          },
        },
        {
          type: 'function',
          function: {
            name: 'Read',
            description: 'Read a file',
            parameters: {
              type: 'object',
              properties: { file_path: { type: 'string' } },
              required: ['file_path'],
            },
          },
        },
        { type: 'function', function: { name: 'WebFetch', parameters: { type: 'object' } } },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      max_tokens: 32000,
      temperature: 1,
      stop: ['</stop>'],
      reasoning_effort: 'high',
      user: 'user_abc_account__session_123',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('returns the renamed tools for the decoders', () => {
    expect(short).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect([...encoded.exchange.toolNames]).toEqual([[short, LONG_MCP_NAME]]);
    expect(encoded.exchange).toMatchObject({ providerId: 'groq', model: 'openai/gpt-oss-120b' });
  });

  it('warns once per kind of loss', () => {
    expect(encoded.warnings.map((warning) => warning.code).sort()).toEqual(
      [
        'degraded-block', // tool-result image moved
        'degraded-block', // tool_reference as text
        'degraded-field', // is_error prefix
        'degraded-tool', // defer_loading
        'dropped-cache-control',
        'dropped-extension',
        'dropped-field', // top_k
        'dropped-reasoning',
        'dropped-signature', // signature
        'dropped-signature', // redacted
        'dropped-tool', // web_search
      ].sort(),
    );
    const texts = encoded.warnings.map((warning) => warning.message).join('\n');
    expect(texts).toContain('extensions.anthropic (context_management, output_config)');
    expect(texts).not.toContain('Take a screenshot');
  });
});
