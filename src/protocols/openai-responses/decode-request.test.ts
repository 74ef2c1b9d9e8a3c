import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrRequest } from '../../ir/request.js';
import { decodeOpenAIResponsesRequest, PREVIOUS_RESPONSE_NOT_SUPPORTED } from './decode-request.js';

function decode(body: Record<string, unknown>): IrRequest {
  return decodeOpenAIResponsesRequest({ model: 'gpt-5', ...body }).request;
}

describe('decodeOpenAIResponsesRequest: parameters', () => {
  it('maps sampling, limits, user, stream and keeps the rest as extensions', () => {
    const { request, client } = decodeOpenAIResponsesRequest({
      model: 'gpt-5',
      input: 'Hi',
      max_output_tokens: 2048,
      temperature: 0.5,
      top_p: 0.9,
      stream: true,
      safety_identifier: 'user-hash',
      user: 'legacy-user',
      reasoning: { effort: 'high', summary: 'detailed' },
      metadata: { run: '1' },
      text: { format: { type: 'json_object' }, verbosity: 'low' },
      store: false,
      include: ['reasoning.encrypted_content'],
      truncation: 'auto',
      service_tier: 'flex',
      prompt_cache_key: 'k1',
    });
    expect(client).toEqual({ requestedModel: 'gpt-5', includeUsage: true });
    expect(request).toMatchObject({
      maxTokens: 2048,
      temperature: 0.5,
      topP: 0.9,
      stream: true,
      userId: 'user-hash',
      thinking: { type: 'enabled', budgetTokens: 24576 },
      effort: 'high',
      stopSequences: [],
    });
    expect(request.extensions['openai-responses']).toMatchObject({
      reasoning: { summary: 'detailed' },
      metadata: { run: '1' },
      text: { format: { type: 'json_object' }, verbosity: 'low' },
      store: false,
      include: ['reasoning.encrypted_content'],
      truncation: 'auto',
      service_tier: 'flex',
      prompt_cache_key: 'k1',
      user: 'legacy-user',
    });
  });

  it.each<[string, Record<string, unknown>, Partial<IrRequest>]>([
    [
      'effort none disables thinking',
      { reasoning: { effort: 'none' } },
      { thinking: { type: 'disabled' }, effort: 'none' },
    ],
    [
      'effort minimal',
      { reasoning: { effort: 'minimal' } },
      { thinking: { type: 'enabled', budgetTokens: 1024 }, effort: 'minimal' },
    ],
    [
      'effort medium',
      { reasoning: { effort: 'medium' } },
      { thinking: { type: 'enabled', budgetTokens: 8192 }, effort: 'medium' },
    ],
    [
      'effort xhigh',
      { reasoning: { effort: 'xhigh' } },
      { thinking: { type: 'enabled', budgetTokens: 32768 }, effort: 'xhigh' },
    ],
  ])('%s', (_name, body, expected) => {
    expect(decode({ input: 'x', ...body })).toMatchObject(expected);
  });

  it('tools: functions to IR function tools, hosted tools to provider tools', () => {
    const request = decode({
      input: 'x',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object' },
          strict: true,
        },
        { type: 'function', name: 'no_params', strict: null, defer_loading: true },
        { type: 'web_search' },
        { type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.deepwiki.com/mcp' },
      ],
    });
    expect(request.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        inputSchema: { type: 'object' },
        strict: true,
      },
      {
        type: 'function',
        name: 'no_params',
        inputSchema: { type: 'object', properties: {} },
        deferLoading: true,
      },
      { type: 'provider', format: 'openai-responses', name: 'web_search', value: { type: 'web_search' } },
      {
        type: 'provider',
        format: 'openai-responses',
        name: 'deepwiki',
        value: { type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.deepwiki.com/mcp' },
      },
    ]);
  });

  it.each<[string, Record<string, unknown>, IrRequest['toolChoice']]>([
    ['auto', { tool_choice: 'auto' }, { type: 'auto' }],
    ['none', { tool_choice: 'none' }, { type: 'none' }],
    ['required', { tool_choice: 'required' }, { type: 'any' }],
    ['a function', { tool_choice: { type: 'function', name: 'f' } }, { type: 'tool', name: 'f' }],
    [
      'parallel off',
      { tool_choice: 'auto', parallel_tool_calls: false },
      { type: 'auto', disableParallelToolUse: true },
    ],
    [
      'only parallel_tool_calls',
      { parallel_tool_calls: false },
      { type: 'auto', disableParallelToolUse: true },
    ],
    [
      'allowed_tools auto',
      { tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } },
      { type: 'auto' },
    ],
    ['a hosted tool', { tool_choice: { type: 'web_search_preview' } }, { type: 'any' }],
    ['absent', {}, undefined],
  ])('tool_choice %s', (_name, body, expected) => {
    expect(decode({ input: 'x', ...body }).toolChoice).toEqual(expected);
  });
});

describe('decodeOpenAIResponsesRequest: refusals', () => {
  it('previous_response_id → 400 saying to send the whole conversation', () => {
    const attempt = (): unknown => decode({ input: 'x', previous_response_id: 'resp_abc' });
    expect(attempt).toThrow(InvalidRequestError);
    expect(attempt).toThrow(PREVIOUS_RESPONSE_NOT_SUPPORTED);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidRequestError).status).toBe(400);
    }
  });

  it('item_reference → 400 (nothing is stored to refer to)', () => {
    expect(() => decode({ input: [{ type: 'item_reference', id: 'msg_1' }] })).toThrow(
      /input\[0\]: item_reference is not supported/,
    );
  });

  it('conversation → 400', () => {
    expect(() => decode({ input: 'x', conversation: 'conv_1' })).toThrow(/conversation is not supported/);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a missing model', { model: undefined, input: 'x' }, /model: /],
    [
      'a wrong content part',
      { input: [{ role: 'user', content: [{ type: 'input_text', text: 3 }] }] },
      /input\[0\]\.content\[0\]\.text/,
    ],
    [
      'an image without a source',
      { input: [{ role: 'user', content: [{ type: 'input_image' }] }] },
      /needs image_url or file_id/,
    ],
    ['an item without a type', { input: [{ call_id: 'c' }] }, /input\[0\]: needs a type or a role/],
    [
      'a function call without a name',
      { input: [{ type: 'function_call', call_id: 'c', arguments: '{}' }] },
      /input\[0\]\.name/,
    ],
  ])('names the field for %s', (_name, body, message) => {
    expect(() => decode(body)).toThrow(message);
  });
});
