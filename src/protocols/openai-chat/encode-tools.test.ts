import { describe, expect, it } from 'vitest';
import type { IrRequest } from '../../ir/request.js';
import type { UpstreamTarget } from '../protocol.js';
import { encodeOpenAIChatRequest } from './encode-request.js';

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

describe('encodeOpenAIChatRequest: tools and choices', () => {
  const fn = { type: 'function' as const, name: 'get', inputSchema: { type: 'object' } };

  it.each<[string, IrRequest['toolChoice'], Record<string, unknown>]>([
    ['auto', { type: 'auto' }, { tool_choice: 'auto' }],
    ['any', { type: 'any' }, { tool_choice: 'required' }],
    ['none', { type: 'none' }, { tool_choice: 'none' }],
    [
      'named',
      { type: 'tool', name: 'get' },
      { tool_choice: { type: 'function', function: { name: 'get' } } },
    ],
    [
      'parallel allowed',
      { type: 'any', disableParallelToolUse: false },
      { tool_choice: 'required', parallel_tool_calls: true },
    ],
    ['a name that was not sent', { type: 'tool', name: 'web_search' }, { tool_choice: 'required' }],
  ])('%s', (_name, toolChoice, expected) => {
    const { body } = encodeOpenAIChatRequest(request({ tools: [fn], toolChoice }), GROQ);
    expect(body).toMatchObject(expected);
    if (!('parallel_tool_calls' in expected)) expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('sends no tool_choice without tools', () => {
    const { body, warnings } = encodeOpenAIChatRequest(
      request({
        tools: [
          {
            type: 'provider',
            format: 'anthropic',
            name: 'web_search',
            value: { type: 'web_search_20250305' },
          },
        ],
        toolChoice: { type: 'any', disableParallelToolUse: true },
      }),
      GROQ,
    );
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(warnings.map((warning) => warning.code)).toEqual(['dropped-tool', 'dropped-field']);
  });

  it('shortens a named tool_choice like the tool', () => {
    const long = 'server.tool.with.dots';
    const { body, exchange } = encodeOpenAIChatRequest(
      request({ tools: [{ ...fn, name: long }], toolChoice: { type: 'tool', name: long } }),
      GROQ,
    );
    const [upstreamName] = [...exchange.toolNames.keys()];
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: upstreamName } });
    expect((body.tools as { function: { name: string } }[])[0]?.function.name).toBe(upstreamName);
  });
});
