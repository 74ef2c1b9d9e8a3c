import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrResponse } from '../../ir/response.js';
import type { IrWarning } from '../../ir/warning.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeOpenAIChatResponse } from './decode-response.js';

const EXCHANGE: UpstreamExchange = { toolNames: new Map(), providerId: 'deepseek', model: 'deepseek-chat' };

const REFERENCE_TEXT =
  'The image shows a wooden boardwalk path running through a lush green field or meadow. The sky is bright blue with some scattered clouds, giving the scene a serene and peaceful atmosphere. Trees and shrubs are visible in the background.';

/** OpenAI API reference, "The chat completion object" (example, verbatim), https://platform.openai.com/docs/api-reference/chat/object. */
const REFERENCE_COMPLETION = {
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: REFERENCE_TEXT,
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

function completion(
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message, finish_reason: 'stop', ...extra }],
  };
}

function decode(
  body: unknown,
  exchange: UpstreamExchange = EXCHANGE,
): { response: IrResponse; warnings: IrWarning[] } {
  const warnings: IrWarning[] = [];
  const response = decodeOpenAIChatResponse(body, exchange, {
    onWarning: (warning) => warnings.push(warning),
  });
  return { response, warnings };
}

describe('decodeOpenAIChatResponse', () => {
  it('decodes the reference example', () => {
    expect(decode(REFERENCE_COMPLETION).response).toEqual({
      id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
      model: 'gpt-4o-2024-08-06',
      content: [{ type: 'text', text: REFERENCE_TEXT }],
      finishReason: 'end-turn',
      usage: {
        inputTokens: 1117,
        outputTokens: 46,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 0,
      },
      extensions: {},
    });
  });

  it('puts reasoning_content first, then text, then tool calls (names mapped back)', () => {
    const exchange = { ...EXCHANGE, toolNames: new Map([['mcp_fs_read_1a2b3c4d', 'mcp.fs.read']]) };
    const { response } = decode(
      completion(
        {
          role: 'assistant',
          content: 'Reading.',
          reasoning_content: 'Need the file.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'mcp_fs_read_1a2b3c4d', arguments: '{"path":"a"}' },
            },
          ],
        },
        { finish_reason: 'tool_calls' },
      ),
      exchange,
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Need the file.' },
      { type: 'text', text: 'Reading.' },
      { type: 'tool-use', id: 'call_1', name: 'mcp.fs.read', input: { path: 'a' } },
    ]);
    expect(response.finishReason).toBe('tool-use');
  });

  it.each<[string, Record<string, unknown>, IrResponse['content']]>([
    [
      'OpenRouter reasoning',
      { content: 'Hi', reasoning: 'R' },
      [
        { type: 'reasoning', text: 'R' },
        { type: 'text', text: 'Hi' },
      ],
    ],
    [
      '<think> at the start of content',
      { content: '<think>plan</think>\n\nHi' },
      [
        { type: 'reasoning', text: 'plan' },
        { type: 'text', text: 'Hi' },
      ],
    ],
    [
      'content as an array of text parts',
      {
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      [{ type: 'text', text: 'ab' }],
    ],
    ['a refusal', { content: null, refusal: 'No.' }, [{ type: 'text', text: 'No.' }]],
    ['no content at all', { content: null }, []],
    [
      'arguments sent as an object',
      {
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: { a: 1 } } }],
      },
      [{ type: 'tool-use', id: 'c', name: 'f', input: { a: 1 } }],
    ],
    [
      'repairable arguments',
      {
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a": 1,' } }],
      },
      [{ type: 'tool-use', id: 'c', name: 'f', input: { a: 1 } }],
    ],
    [
      'unreadable arguments become text',
      {
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: 'call f with a=1' } }],
      },
      [{ type: 'text', text: '[tool call f] call f with a=1' }],
    ],
  ])('%s', (_name, message, content) => {
    expect(decode(completion({ role: 'assistant', ...message })).response.content).toEqual(content);
  });

  it('generates a missing tool call id and warns', () => {
    const { response, warnings } = decode(
      completion({
        role: 'assistant',
        content: null,
        tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }],
      }),
    );
    expect(response.content).toEqual([
      {
        type: 'tool-use',
        id: expect.stringMatching(/^call_[0-9a-f]{8}_0$/) as unknown,
        name: 'f',
        input: {},
      },
    ]);
    expect(response.finishReason).toBe('tool-use');
    expect(warnings.map((warning) => warning.code)).toEqual(['malformed-tool-call']);
  });

  it.each<[string, Record<string, unknown>, Partial<IrResponse>]>([
    ['length', { finish_reason: 'length' }, { finishReason: 'max-tokens' }],
    ['content_filter', { finish_reason: 'content_filter' }, { finishReason: 'refusal' }],
    [
      'vLLM stop_reason',
      { finish_reason: 'stop', stop_reason: '###' },
      { finishReason: 'stop-sequence', stopSequence: '###' },
    ],
    ['vLLM stop token id', { finish_reason: 'stop', stop_reason: 128009 }, { finishReason: 'end-turn' }],
  ])('finish: %s', (_name, extra, expected) => {
    expect(decode(completion({ role: 'assistant', content: 'x' }, extra)).response).toMatchObject(expected);
  });

  it.each<[string, unknown, string]>([
    [
      'an error envelope with status 200',
      { error: { message: 'Model is overloaded', type: 'server_error' } },
      'Model is overloaded',
    ],
    ['no choices', { id: 'x', choices: [] }, 'not a chat completion'],
    ['not an object', 'hello', 'not a chat completion'],
  ])('throws for %s', (_name, body, message) => {
    expect(() => decode(body)).toThrow(GatewayError);
    expect(() => decode(body)).toThrow(message);
  });
});
