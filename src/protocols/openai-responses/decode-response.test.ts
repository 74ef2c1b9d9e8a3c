import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrWarning } from '../../ir/warning.js';
import type { UpstreamExchange } from '../protocol.js';
import { decodeOpenAIResponsesResponse } from './decode-response.js';
import { packReasoningState } from './map-reasoning-item.js';

const EXCHANGE: UpstreamExchange = {
  toolNames: new Map([['mcp_fs_read_1a2b3c4d', 'mcp.fs.read']]),
  providerId: 'openai',
  model: 'gpt-5',
};

/** "The response object" example of the API reference (text shortened). */
const REFERENCE_RESPONSE = {
  id: 'resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41',
  object: 'response',
  created_at: 1741476777,
  status: 'completed',
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  model: 'gpt-4o-2024-08-06',
  output: [
    {
      type: 'message',
      id: 'msg_67ccd3acc8d48190a77525dc6de64b4104becb25c45c1d41',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'The image depicts a scenic landscape.', annotations: [] }],
    },
  ],
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: true,
  temperature: 1,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  truncation: 'disabled',
  usage: {
    input_tokens: 328,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 52,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 380,
  },
  user: null,
  metadata: {},
};

describe('decodeOpenAIResponsesResponse', () => {
  it('the reference response object', () => {
    expect(decodeOpenAIResponsesResponse(REFERENCE_RESPONSE, EXCHANGE)).toEqual({
      id: 'resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41',
      model: 'gpt-4o-2024-08-06',
      content: [{ type: 'text', text: 'The image depicts a scenic landscape.' }],
      finishReason: 'end-turn',
      usage: {
        inputTokens: 328,
        outputTokens: 52,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningTokens: 0,
      },
      extensions: {},
    });
  });

  it('reasoning, function calls (names mapped back, arguments repaired) and hosted tool items, in order', () => {
    const warnings: IrWarning[] = [];
    const response = decodeOpenAIResponsesResponse(
      {
        ...REFERENCE_RESPONSE,
        output: [
          {
            id: 'rs_1',
            type: 'reasoning',
            summary: [
              { type: 'summary_text', text: 'One.' },
              { type: 'summary_text', text: 'Two.' },
            ],
            encrypted_content: 'gAAAA1',
          },
          {
            id: 'ws_1',
            type: 'web_search_call',
            status: 'completed',
            action: { type: 'search', query: 'x' },
          },
          {
            id: 'fc_1',
            type: 'function_call',
            status: 'completed',
            call_id: 'call_1',
            name: 'mcp_fs_read_1a2b3c4d',
            arguments: '{"path":"a",}',
          },
        ],
        usage: {
          input_tokens: 1200,
          input_tokens_details: { cached_tokens: 1024 },
          output_tokens: 40,
          output_tokens_details: { reasoning_tokens: 32 },
          total_tokens: 1240,
        },
      },
      EXCHANGE,
      { onWarning: (warning) => warnings.push(warning) },
    );
    expect(response.content).toEqual([
      {
        type: 'reasoning',
        text: 'One.\n\nTwo.',
        signature: {
          provider: 'openai',
          value: packReasoningState({ id: 'rs_1', encryptedContent: 'gAAAA1' }),
        },
      },
      {
        type: 'opaque',
        format: 'openai-responses',
        value: {
          id: 'ws_1',
          type: 'web_search_call',
          status: 'completed',
          action: { type: 'search', query: 'x' },
        },
      },
      { type: 'tool-use', id: 'call_1', name: 'mcp.fs.read', input: { path: 'a' } },
    ]);
    expect(response.finishReason).toBe('tool-use');
    expect(response.usage).toEqual({
      inputTokens: 176,
      outputTokens: 40,
      cacheReadInputTokens: 1024,
      cacheCreationInputTokens: 0,
      reasoningTokens: 32,
    });
    expect(warnings.map((warning) => warning.code)).toEqual(['repaired-tool-arguments']);
  });

  it('incomplete with max_output_tokens → max-tokens; a refusal → refusal', () => {
    expect(
      decodeOpenAIResponsesResponse(
        { ...REFERENCE_RESPONSE, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
        EXCHANGE,
      ).finishReason,
    ).toBe('max-tokens');
    const refused = decodeOpenAIResponsesResponse(
      {
        ...REFERENCE_RESPONSE,
        output: [{ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] }],
      },
      EXCHANGE,
    );
    expect(refused.content).toEqual([{ type: 'text', text: 'No.' }]);
    expect(refused.finishReason).toBe('refusal');
  });

  it('a failed response throws with the status of its code', () => {
    const failed = {
      ...REFERENCE_RESPONSE,
      status: 'failed',
      error: { code: 'rate_limit_exceeded', message: 'Slow down' },
      output: [],
    };
    expect(() => decodeOpenAIResponsesResponse(failed, EXCHANGE)).toThrow(GatewayError);
    try {
      decodeOpenAIResponsesResponse(failed, EXCHANGE);
    } catch (error) {
      expect((error as GatewayError).status).toBe(429);
      expect((error as GatewayError).message).toBe(
        "Upstream 'openai' answered with a failed response: Slow down (rate_limit_exceeded)",
      );
    }
  });

  it('an error envelope or a non-response body → 502', () => {
    const envelope = {
      error: { message: 'Invalid model', type: 'invalid_request_error', param: null, code: null },
    };
    expect(() => decodeOpenAIResponsesResponse(envelope, EXCHANGE)).toThrow(
      "Upstream 'openai' answered 200 with an error: Invalid model",
    );
    expect(() => decodeOpenAIResponsesResponse('nope', EXCHANGE)).toThrow(/not a response object/);
  });
});
