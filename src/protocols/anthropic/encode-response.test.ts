import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UpstreamExchange } from '../protocol.js';
import { decodeAnthropicResponse } from './decode-response.js';
import { encodeAnthropicResponse } from './encode-response.js';

const FIXTURES = new URL('../../../test/upstream/__fixtures__/', import.meta.url);
const ANTHROPIC: UpstreamExchange = {
  toolNames: new Map(),
  providerId: 'anthropic',
  model: 'claude-opus-4-8',
};
const CLIENT = { requestedModel: 'claude-opus-4-8', includeUsage: true };

/** A full response: every block kind of the reference "Messages" response, newer fields included. */
const FULL_RESPONSE = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-opus-4-8',
  content: [
    { type: 'thinking', thinking: 'Plan.', signature: 'EqQBCgIYAhIM' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
    {
      type: 'web_search_tool_result',
      tool_use_id: 'srvtoolu_1',
      content: [{ type: 'web_search_result', url: 'u' }],
    },
    { type: 'text', text: 'Here.', citations: null },
    { type: 'tool_use', id: 'toolu_1', caller: { type: 'direct' }, input: { a: 1 }, name: 'run' },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: {
    input_tokens: 10,
    cache_creation_input_tokens: 5,
    cache_read_input_tokens: 100,
    cache_creation: { ephemeral_5m_input_tokens: 5, ephemeral_1h_input_tokens: 0 },
    output_tokens: 20,
    output_tokens_details: { thinking_tokens: 12 },
    server_tool_use: { web_search_requests: 1 },
    service_tier: 'standard',
  },
  container: null,
  context_management: { applied_edits: [] },
};

describe('decodeAnthropicResponse → encodeAnthropicResponse round trip', () => {
  it('gives a full response back unchanged', () => {
    const ir = decodeAnthropicResponse(structuredClone(FULL_RESPONSE), ANTHROPIC);
    expect(encodeAnthropicResponse(ir, CLIENT)).toStrictEqual(FULL_RESPONSE);
  });

  it('gives the reference example back, with the cache counts it left out as 0', () => {
    const example = (
      JSON.parse(readFileSync(new URL('anthropic-message.json', FIXTURES), 'utf8')) as {
        example: Record<string, unknown>;
      }
    ).example;
    const encoded = encodeAnthropicResponse(
      decodeAnthropicResponse(structuredClone(example), ANTHROPIC),
      CLIENT,
    );
    // The encoder always writes the four counts (the SDK's `Usage` has them all, nullable).
    expect(encoded).toStrictEqual({
      ...example,
      usage: {
        input_tokens: 2095,
        output_tokens: 503,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });

  it.each([
    'end_turn',
    'max_tokens',
    'stop_sequence',
    'pause_turn',
    'refusal',
    'model_context_window_exceeded',
    'a_future_reason',
  ])('keeps stop_reason %s', (stopReason) => {
    const body = {
      ...FULL_RESPONSE,
      stop_reason: stopReason,
      stop_sequence: stopReason === 'stop_sequence' ? 'END' : null,
    };
    const encoded = encodeAnthropicResponse(
      decodeAnthropicResponse(structuredClone(body), ANTHROPIC),
      CLIENT,
    );
    expect(encoded).toStrictEqual(body);
  });
});

describe('decodeAnthropicResponse', () => {
  it('maps blocks and usage onto the IR', () => {
    const ir = decodeAnthropicResponse(structuredClone(FULL_RESPONSE), ANTHROPIC);
    expect(ir.content.map((part) => part.type)).toEqual([
      'reasoning',
      'redacted-reasoning',
      'opaque',
      'opaque',
      'text',
      'tool-use',
    ]);
    expect(ir.finishReason).toBe('tool-use');
    expect(ir.usage).toEqual({
      inputTokens: 10,
      outputTokens: 20,
      cacheReadInputTokens: 100,
      cacheCreationInputTokens: 5,
      reasoningTokens: 12,
    });
  });

  it('is tolerant: no usage, odd blocks, no id', () => {
    const ir = decodeAnthropicResponse(
      { content: [{ type: 'text', text: 1 }, 'junk'], stop_reason: null },
      ANTHROPIC,
    );
    expect(ir).toEqual({
      id: '',
      model: 'claude-opus-4-8',
      content: [{ type: 'opaque', format: 'anthropic', value: { type: 'text', text: 1 } }],
      finishReason: 'other',
      usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      extensions: {},
    });
  });

  it('rejects a body that is not an object', () => {
    expect(() => decodeAnthropicResponse('oops', ANTHROPIC)).toThrow(/not a Messages response/);
  });

  it("attributes signatures to the upstream and maps tool names back to the client's", () => {
    const exchange: UpstreamExchange = {
      toolNames: new Map([['run_short', 'run']]),
      providerId: 'kimi',
      model: 'k2',
    };
    const body = {
      content: [
        { type: 'thinking', thinking: 't', signature: 'sig' },
        { type: 'thinking', thinking: 't', signature: 'sb1.deepseek.d' },
        { type: 'tool_use', id: 'x', name: 'run_short', input: {} },
      ],
    };
    const ir = decodeAnthropicResponse(body, exchange);
    expect(ir.content).toEqual([
      { type: 'reasoning', text: 't', signature: { provider: 'kimi', value: 'sig' } },
      { type: 'reasoning', text: 't', signature: { provider: 'deepseek', value: 'd' } },
      { type: 'tool-use', id: 'x', name: 'run', input: {} },
    ]);
    const encoded = encodeAnthropicResponse(ir, CLIENT);
    expect(encoded.content.slice(0, 2)).toEqual([
      { type: 'thinking', thinking: 't', signature: 'sb1.kimi.sig' },
      { type: 'thinking', thinking: 't', signature: 'sb1.deepseek.d' },
    ]);
    expect(encoded.model).toBe('k2');
  });
});

describe('encodeAnthropicResponse', () => {
  it('writes an IR answer of another format in the reference shape', () => {
    const encoded = encodeAnthropicResponse(
      {
        id: '',
        model: '',
        content: [{ type: 'text', text: 'Hi' }],
        finishReason: 'other',
        usage: {
          inputTokens: 3,
          outputTokens: 4,
          cacheReadInputTokens: 1,
          cacheCreationInputTokens: 0,
          reasoningTokens: 2,
        },
        extensions: {},
      },
      CLIENT,
    );
    expect(encoded).toStrictEqual({
      id: expect.stringMatching(/^msg_[0-9a-f]{32}$/) as string,
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-4-8',
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 3,
        output_tokens: 4,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 1,
        output_tokens_details: { thinking_tokens: 2 },
      },
    });
  });
});
