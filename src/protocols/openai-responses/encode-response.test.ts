import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { IrResponse } from '../../ir/response.js';
import { encodeOpenAIResponsesResponse } from './encode-response.js';
import { packReasoningState } from './map-reasoning-item.js';

const CLIENT = { requestedModel: 'alias', includeUsage: true };
const NOW = (): number => 1_700_000_000_999;

const RESPONSE: IrResponse = {
  id: 'msg_01',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'reasoning', text: 'Think.', signature: { provider: 'anthropic', value: 'EqQB' } },
    {
      type: 'reasoning',
      text: 'Mine.',
      signature: {
        provider: 'openai',
        value: packReasoningState({ id: 'rs_real', encryptedContent: 'gAAAA' }),
      },
    },
    { type: 'text', text: 'Hello' },
    { type: 'text', text: ' world' },
    { type: 'tool-use', id: 'toolu_1', name: 'Read', input: { path: 'a' } },
    { type: 'image', source: { kind: 'url', url: 'https://x' } },
  ],
  finishReason: 'tool-use',
  usage: {
    inputTokens: 10,
    outputTokens: 5,
    cacheReadInputTokens: 90,
    cacheCreationInputTokens: 20,
    reasoningTokens: 2,
  },
  extensions: {},
};

describe('encodeOpenAIResponsesResponse', () => {
  it('builds the response object with the output in order', () => {
    const body = encodeOpenAIResponsesResponse(RESPONSE, CLIENT, { now: NOW });
    expect(body).toMatchObject({
      id: 'resp_msg_01',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'claude-sonnet-4-5',
      usage: {
        input_tokens: 120,
        input_tokens_details: { cached_tokens: 90, cache_write_tokens: 20 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 125,
      },
    });
    expect(body.output).toEqual([
      {
        id: expect.stringMatching(/^rs_[0-9a-f]{32}$/) as unknown,
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Think.' }],
        encrypted_content: 'sb1.anthropic.EqQB',
      },
      {
        id: 'rs_real',
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: 'Mine.' }],
        encrypted_content: 'gAAAA',
      },
      {
        id: expect.stringMatching(/^msg_/) as unknown,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'Hello', annotations: [] },
          { type: 'output_text', text: ' world', annotations: [] },
        ],
      },
      {
        id: expect.stringMatching(/^fc_/) as unknown,
        type: 'function_call',
        status: 'completed',
        arguments: '{"path":"a"}',
        call_id: 'toolu_1',
        name: 'Read',
      },
    ]);
  });

  it.each<[IrResponse['finishReason'], string, unknown]>([
    ['end-turn', 'completed', null],
    ['max-tokens', 'incomplete', { reason: 'max_output_tokens' }],
    ['refusal', 'incomplete', { reason: 'content_filter' }],
  ])('%s → status %s', (finishReason, status, details) => {
    const body = encodeOpenAIResponsesResponse({ ...RESPONSE, finishReason }, CLIENT);
    expect(body.status).toBe(status);
    expect(body.incomplete_details).toEqual(details);
  });

  it('has the shape openai-node types as Response', () => {
    const body: OpenAI.Responses.Response = encodeOpenAIResponsesResponse(
      RESPONSE,
      CLIENT,
    ) as unknown as OpenAI.Responses.Response;
    expect(body.output.map((item) => item.type)).toEqual([
      'reasoning',
      'reasoning',
      'message',
      'function_call',
    ]);
  });
});
