import { describe, expect, it } from 'vitest';
import type { IrResponse } from '../../ir/response.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeOpenAIChatResponse } from './decode-response.js';
import { encodeOpenAIChatResponse } from './encode-response.js';

const EXCHANGE: UpstreamExchange = {
  toolNames: new Map(),
  providerId: 'anthropic',
  model: 'claude-sonnet-4-5',
};

describe('encodeOpenAIChatResponse', () => {
  const answer: IrResponse = {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    model: 'claude-sonnet-4-5',
    content: [
      { type: 'reasoning', text: 'Think.', signature: { provider: 'anthropic', value: 'sig' } },
      { type: 'redacted-reasoning', data: 'x', provider: 'anthropic' },
      { type: 'text', text: 'Checking ' },
      { type: 'text', text: 'now.' },
      { type: 'tool-use', id: 'toolu_1', name: 'mcp.fs.read', input: { path: 'a' } },
      { type: 'opaque', format: 'anthropic', value: { type: 'server_tool_use' } },
    ],
    finishReason: 'tool-use',
    usage: { inputTokens: 10, outputTokens: 20, cacheReadInputTokens: 100, cacheCreationInputTokens: 5 },
    extensions: {},
  };

  it('encodes the chat completion object', () => {
    expect(
      encodeOpenAIChatResponse(
        answer,
        { requestedModel: 'x', includeUsage: false },
        { now: () => 1_741_570_283_999 },
      ),
    ).toEqual({
      id: 'chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      created: 1_741_570_283,
      model: 'claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking now.',
            refusal: null,
            reasoning_content: 'Think.',
            tool_calls: [
              {
                id: 'toolu_1',
                type: 'function',
                function: { name: 'mcp.fs.read', arguments: '{"path":"a"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 115,
        completion_tokens: 20,
        total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 5 },
      },
    });
  });

  it('decode(encode(answer)) keeps text, tool calls, finish reason and usage', () => {
    const encoded = encodeOpenAIChatResponse(answer, { requestedModel: 'x', includeUsage: false });
    const response = decodeOpenAIChatResponse(encoded, EXCHANGE);
    expect(response).toEqual({
      id: 'chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'reasoning', text: 'Think.' },
        { type: 'text', text: 'Checking now.' },
        { type: 'tool-use', id: 'toolu_1', name: 'mcp.fs.read', input: { path: 'a' } },
      ],
      finishReason: 'tool-use',
      usage: answer.usage,
      extensions: {},
    });
  });

  it('sends content null without text, and keeps chatcmpl- ids', () => {
    const body = encodeOpenAIChatResponse(
      { ...answer, id: 'chatcmpl-abc', content: [], finishReason: 'max-tokens' },
      { requestedModel: 'x', includeUsage: false },
    );
    expect(body.id).toBe('chatcmpl-abc');
    expect(body.choices[0].message).toEqual({ role: 'assistant', content: null, refusal: null });
    expect(body.choices[0].finish_reason).toBe('length');
  });
});
