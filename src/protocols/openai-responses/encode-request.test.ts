import { describe, expect, it } from 'vitest';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { encodeOpenAIResponsesRequest } from './encode-request.js';

const OPENAI: UpstreamTarget = { providerId: 'openai', model: 'gpt-5' };

function request(overrides: Partial<IrRequest> = {}): IrRequest {
  return {
    model: 'alias',
    system: [],
    messages: [],
    tools: [],
    stopSequences: [],
    stream: false,
    extensions: {},
    ...overrides,
  };
}

function encode(
  overrides: Partial<IrRequest>,
  target: UpstreamTarget = OPENAI,
): ReturnType<typeof encodeOpenAIResponsesRequest> {
  return encodeOpenAIResponsesRequest(request(overrides), target);
}

describe('encodeOpenAIResponsesRequest: parameters', () => {
  it('system → instructions; store false; reasoning and include from thinking', () => {
    const { body } = encode({
      system: [
        { type: 'text', text: 'You are Claude Code.', cacheControl: { type: 'ephemeral' } },
        { type: 'text', text: 'Env: /repo' },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      maxTokens: 32000,
      temperature: 1,
      topP: 0.9,
      thinking: { type: 'enabled', budgetTokens: 10000 },
      userId: 'user_1',
      stream: true,
    });
    expect(body).toEqual({
      model: 'gpt-5',
      instructions: 'You are Claude Code.\n\nEnv: /repo',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      max_output_tokens: 32000,
      temperature: 1,
      top_p: 0.9,
      reasoning: { summary: 'auto', effort: 'medium' },
      include: ['reasoning.encrypted_content'],
      user: 'user_1',
      store: false,
      stream: true,
    });
  });

  it.each<[string, Partial<IrRequest>, UpstreamTarget, unknown, unknown]>([
    ['no thinking: no reasoning, no include', {}, OPENAI, undefined, undefined],
    [
      'effort max to OpenAI',
      { effort: 'max' },
      OPENAI,
      { summary: 'auto', effort: 'max' },
      ['reasoning.encrypted_content'],
    ],
    [
      'effort max clamped for other providers',
      { effort: 'max' },
      { providerId: 'azure', model: 'm' },
      { summary: 'auto', effort: 'high' },
      ['reasoning.encrypted_content'],
    ],
    [
      'thinking disabled + effort none',
      { thinking: { type: 'disabled' }, effort: 'none' },
      OPENAI,
      { effort: 'none' },
      undefined,
    ],
    [
      'adaptive thinking',
      { thinking: { type: 'adaptive' } },
      OPENAI,
      { summary: 'auto', effort: 'medium' },
      ['reasoning.encrypted_content'],
    ],
  ])('%s', (_name, overrides, target, reasoning, include) => {
    const { body } = encode(overrides, target);
    expect(body.reasoning).toEqual(reasoning);
    expect(body.include).toEqual(include);
  });

  it('tools: functions (names shortened and mapped), Responses hosted tools verbatim, others dropped', () => {
    const longName = 'mcp__github__create_or_update_file_contents_in_repository_branch_now';
    const encoded = encode({
      tools: [
        {
          type: 'function',
          name: 'Read',
          description: 'Reads',
          inputSchema: { type: 'object' },
          strict: true,
        },
        {
          type: 'function',
          name: longName,
          inputSchema: { type: 'object' },
          deferLoading: true,
          cacheControl: { type: 'ephemeral' },
        },
        { type: 'provider', format: 'openai-responses', name: 'web_search', value: { type: 'web_search' } },
        {
          type: 'provider',
          format: 'anthropic',
          name: 'web_search',
          value: { type: 'web_search_20250305', name: 'web_search' },
        },
      ],
      toolChoice: { type: 'tool', name: longName, disableParallelToolUse: true },
      messages: [{ role: 'assistant', content: [{ type: 'tool-use', id: 't1', name: longName, input: {} }] }],
    });
    const short = [...encoded.exchange.toolNames.keys()][0];
    expect(short).toMatch(/^mcp__github__.*_[0-9a-f]{8}$/);
    expect(short?.length).toBeLessThanOrEqual(64);
    expect(encoded.exchange.toolNames.get(short ?? '')).toBe(longName);
    expect(encoded.body.tools).toEqual([
      { type: 'function', name: 'Read', description: 'Reads', parameters: { type: 'object' }, strict: true },
      { type: 'function', name: short, parameters: { type: 'object' } },
      { type: 'web_search' },
    ]);
    expect(encoded.body.tool_choice).toEqual({ type: 'function', name: short });
    expect(encoded.body.parallel_tool_calls).toBe(false);
    expect(encoded.body.input).toEqual([
      { type: 'function_call', call_id: 't1', name: short, arguments: '{}' },
    ]);
    expect(encoded.warnings.map((warning) => warning.code)).toEqual([
      'degraded-tool',
      'dropped-cache-control',
      'dropped-tool',
    ]);
  });

  it.each<[string, IrRequest['toolChoice'], Record<string, unknown>]>([
    ['auto', { type: 'auto' }, { tool_choice: 'auto' }],
    [
      'any',
      { type: 'any', disableParallelToolUse: false },
      { tool_choice: 'required', parallel_tool_calls: true },
    ],
    ['none', { type: 'none' }, { tool_choice: 'none' }],
    ['a tool not sent', { type: 'tool', name: 'Nope' }, { tool_choice: 'required' }],
  ])('tool choice %s', (_name, toolChoice, expected) => {
    const { body } = encode({
      toolChoice,
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }],
    });
    expect({ tool_choice: body.tool_choice, parallel_tool_calls: body.parallel_tool_calls }).toEqual({
      parallel_tool_calls: undefined,
      ...expected,
    });
  });

  it("a client's store: true is overridden with a warning; other formats' extensions are dropped", () => {
    const { body, warnings } = encode({
      extensions: {
        'openai-responses': { store: true, metadata: { a: 'b' } },
        anthropic: { context_management: {} },
      },
    });
    expect(body.store).toBe(false);
    expect(body.metadata).toEqual({ a: 'b' });
    expect(warnings.map((warning) => warning.code)).toEqual(['overridden-field', 'dropped-extension']);
  });
});
