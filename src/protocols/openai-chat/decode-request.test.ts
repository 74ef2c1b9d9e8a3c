import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrMessage } from '../../ir/message.js';
import type { IrRequest } from '../../ir/request.js';
import { decodeOpenAIChatRequest } from './decode-request.js';

function decode(fields: Record<string, unknown>): ReturnType<typeof decodeOpenAIChatRequest> {
  return decodeOpenAIChatRequest({
    model: 'gpt-4.1',
    messages: [{ role: 'user', content: 'Hi' }],
    ...fields,
  });
}

const USER_HI: IrMessage = { role: 'user', content: [{ type: 'text', text: 'Hi' }] };

describe('decodeOpenAIChatRequest: request fields', () => {
  it('decodes the smallest request', () => {
    expect(decode({})).toEqual({
      request: {
        model: 'gpt-4.1',
        system: [],
        messages: [USER_HI],
        tools: [],
        stopSequences: [],
        stream: false,
        extensions: { 'openai-chat': {} },
      },
      client: { requestedModel: 'gpt-4.1', includeUsage: false },
      warnings: [],
    });
  });

  it.each<[string, Record<string, unknown>, Partial<IrRequest>]>([
    ['max_completion_tokens', { max_completion_tokens: 500 }, { maxTokens: 500 }],
    ['max_tokens', { max_tokens: 400 }, { maxTokens: 400 }],
    [
      'max_completion_tokens wins over max_tokens',
      { max_tokens: 400, max_completion_tokens: 500 },
      { maxTokens: 500 },
    ],
    ['temperature and top_p', { temperature: 0.2, top_p: 0.9 }, { temperature: 0.2, topP: 0.9 }],
    [
      'nulls count as absent',
      { temperature: null, top_p: null, stop: null, user: null },
      { stopSequences: [] },
    ],
    ['stop as a string', { stop: 'END' }, { stopSequences: ['END'] }],
    ['stop as an array', { stop: ['a', 'b'] }, { stopSequences: ['a', 'b'] }],
    ['user', { user: 'user-123' }, { userId: 'user-123' }],
    ['stream', { stream: true }, { stream: true }],
    [
      'reasoning_effort',
      { reasoning_effort: 'high' },
      { thinking: { type: 'enabled', budgetTokens: 24576 }, effort: 'high' },
    ],
    [
      'reasoning_effort none',
      { reasoning_effort: 'none' },
      { thinking: { type: 'disabled' }, effort: 'none' },
    ],
    ['tool_choice none', { tool_choice: 'none' }, { toolChoice: { type: 'none' } }],
    ['tool_choice auto', { tool_choice: 'auto' }, { toolChoice: { type: 'auto' } }],
    ['tool_choice required', { tool_choice: 'required' }, { toolChoice: { type: 'any' } }],
    [
      'named tool_choice with parallel_tool_calls false',
      { tool_choice: { type: 'function', function: { name: 'get' } }, parallel_tool_calls: false },
      { toolChoice: { type: 'tool', name: 'get', disableParallelToolUse: true } },
    ],
    [
      'parallel_tool_calls true with auto',
      { tool_choice: 'auto', parallel_tool_calls: true },
      { toolChoice: { type: 'auto', disableParallelToolUse: false } },
    ],
    [
      'parallel_tool_calls without tool_choice',
      { parallel_tool_calls: false },
      {
        toolChoice: { type: 'auto', disableParallelToolUse: true },
        extensions: { 'openai-chat': { _layout: { implicitToolChoice: true } } },
      },
    ],
    [
      'allowed_tools keeps the raw choice',
      {
        tool_choice: {
          type: 'allowed_tools',
          allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'a' } }] },
        },
      },
      {
        toolChoice: { type: 'any' },
        extensions: {
          'openai-chat': {
            _layout: {
              toolChoice: {
                type: 'allowed_tools',
                allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'a' } }] },
              },
            },
          },
        },
      },
    ],
    [
      'other fields go to extensions verbatim',
      {
        metadata: { a: '1' },
        response_format: { type: 'json_object' },
        seed: 7,
        n: 1,
        store: false,
        logit_bias: { '50256': -100 },
      },
      {
        extensions: {
          'openai-chat': {
            metadata: { a: '1' },
            response_format: { type: 'json_object' },
            seed: 7,
            n: 1,
            store: false,
            logit_bias: { '50256': -100 },
          },
        },
      },
    ],
    [
      'stream_options beyond include_usage are kept',
      { stream: true, stream_options: { include_usage: true, include_obfuscation: false } },
      { stream: true, extensions: { 'openai-chat': { stream_options: { include_obfuscation: false } } } },
    ],
  ])('%s', (_name, fields, expected) => {
    expect(decode(fields).request).toMatchObject(expected);
  });

  it('reads include_usage into the client exchange', () => {
    expect(decode({ stream: true, stream_options: { include_usage: true } }).client).toEqual({
      requestedModel: 'gpt-4.1',
      includeUsage: true,
    });
  });

  it('decodes tools', () => {
    const { request } = decode({
      tools: [
        {
          type: 'function',
          function: {
            name: 'get',
            description: 'Get it',
            parameters: { type: 'object', properties: { a: { type: 'string' } } },
            strict: true,
          },
        },
        { type: 'function', function: { name: 'ping' } },
        { type: 'custom', custom: { name: 'code_exec', description: 'Run code' } },
      ],
    });
    expect(request.tools).toEqual([
      {
        type: 'function',
        name: 'get',
        description: 'Get it',
        inputSchema: { type: 'object', properties: { a: { type: 'string' } } },
        strict: true,
      },
      { type: 'function', name: 'ping', inputSchema: { type: 'object', properties: {} } },
      {
        type: 'provider',
        format: 'openai-chat',
        name: 'code_exec',
        value: { type: 'custom', custom: { name: 'code_exec', description: 'Run code' } },
      },
    ]);
  });

  it('warns when max_tokens is ignored', () => {
    expect(
      decode({ max_tokens: 1, max_completion_tokens: 2 }).warnings.map((warning) => warning.code),
    ).toEqual(['dropped-field']);
  });
});

describe('decodeOpenAIChatRequest: invalid requests name the field', () => {
  it.each<[string, unknown, RegExp]>([
    ['no model', { messages: [{ role: 'user', content: 'x' }] }, /model/],
    ['no messages', { model: 'm' }, /messages/],
    ['empty messages', { model: 'm', messages: [] }, /messages/],
    [
      'the deprecated function role',
      { model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] },
      /messages\[0\]/,
    ],
    [
      'an unknown content part',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
      /messages\[0\]\.content/,
    ],
    [
      'an unknown key on a text part',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'a', x: 1 }] }] },
      /messages\[0\]\.content/,
    ],
    [
      'temperature out of range',
      { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3 },
      /temperature/,
    ],
    [
      'a tool without a name',
      { model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: {} }] },
      /tools\[0\]/,
    ],
    ['n above 1', { model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 }, /^n:/],
    [
      'a file part with no data',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf' } }] }] },
      /messages\[0\]\.content\[0\]\.file/,
    ],
    ['a body that is not an object', 'hello', /body/],
  ])('%s', (_name, body, message) => {
    let thrown: unknown;
    try {
      decodeOpenAIChatRequest(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    expect((thrown as InvalidRequestError).message).toMatch(message);
    expect((thrown as InvalidRequestError).status).toBe(400);
  });
});
