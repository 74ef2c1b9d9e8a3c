import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../../ir/message.js';
import type { IrRequest } from '../../ir/request.js';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, encodeAnthropicRequest } from './encode-request.js';

/** An IR request as another format's decoder would make it: no Anthropic layout or extensions. */
function irRequest(fields: Partial<IrRequest> = {}): IrRequest {
  return {
    model: 'gpt-5',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    tools: [],
    maxTokens: 100,
    stopSequences: [],
    stream: false,
    extensions: {},
    ...fields,
  };
}

const TARGET = { providerId: 'anthropic', model: 'claude-sonnet-4-6' };

describe('encodeAnthropicRequest without a layout (another format decoded the request)', () => {
  it('writes the minimal body: one plain text part as a string, no empty optional fields', () => {
    const encoded = encodeAnthropicRequest(irRequest(), TARGET);
    expect(encoded.body).toStrictEqual({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 100,
    });
    expect(encoded.warnings).toEqual([]);
    expect(encoded.exchange).toEqual({
      toolNames: new Map(),
      providerId: 'anthropic',
      model: 'claude-sonnet-4-6',
    });
  });

  it('writes fields in the reference order with every IR field mapped', () => {
    const encoded = encodeAnthropicRequest(
      irRequest({
        system: [{ type: 'text', text: 'S' }],
        tools: [
          { type: 'function', name: 'f', description: 'F', inputSchema: { type: 'object' }, strict: true },
        ],
        toolChoice: { type: 'tool', name: 'f', disableParallelToolUse: true },
        temperature: 0.5,
        topP: 0.9,
        topK: 5,
        stopSequences: ['END'],
        stream: true,
        thinking: { type: 'enabled', budgetTokens: 1024 },
        effort: 'high',
        userId: 'u1',
      }),
      TARGET,
    );
    expect(JSON.stringify(encoded.body)).toBe(
      JSON.stringify({
        model: 'claude-sonnet-4-6',
        messages: [{ role: 'user', content: 'Hi' }],
        system: 'S',
        tools: [{ name: 'f', description: 'F', input_schema: { type: 'object' }, strict: true }],
        tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true },
        metadata: { user_id: 'u1' },
        max_tokens: 100,
        temperature: 0.5,
        top_p: 0.9,
        top_k: 5,
        stop_sequences: ['END'],
        thinking: { type: 'enabled', budget_tokens: 1024 },
        output_config: { effort: 'high' },
        stream: true,
      }),
    );
  });

  it('tags signatures of other providers and sends the target its own plain', () => {
    const messages: IrMessage[] = [
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'a', signature: { provider: 'kimi', value: 'k' } },
          { type: 'reasoning', text: 'b', signature: { provider: 'anthropic', value: 'x' } },
          { type: 'redacted-reasoning', data: 'r', provider: 'kimi' },
        ],
      },
    ];
    const encoded = encodeAnthropicRequest(irRequest({ messages }), { providerId: 'kimi', model: 'kimi-k2' });
    expect(encoded.body.messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'a', signature: 'k' },
          { type: 'thinking', thinking: 'b', signature: 'sb1.anthropic.x' },
          { type: 'redacted_thinking', data: 'r' },
        ],
      },
    ]);
  });

  it('writes tool results of one plain text as a string, empty ones without content', () => {
    const messages: IrMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolUseId: 't1', content: [{ type: 'text', text: 'ok' }] },
          { type: 'tool-result', toolUseId: 't2', content: [], isError: true },
        ],
      },
    ];
    expect(encodeAnthropicRequest(irRequest({ messages }), TARGET).body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'ok' },
          { type: 'tool_result', tool_use_id: 't2', is_error: true },
        ],
      },
    ]);
  });

  it('drops what the Anthropic format cannot carry, with warnings', () => {
    const encoded = encodeAnthropicRequest(
      irRequest({
        maxTokens: undefined,
        effort: 'none',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hi' },
              { type: 'opaque', format: 'openai-chat', value: { type: 'input_audio' } },
            ],
          },
        ],
        tools: [
          {
            type: 'provider',
            format: 'openai-responses',
            name: 'file_search',
            value: { type: 'file_search' },
          },
        ],
      }),
      TARGET,
    );
    expect(encoded.body).toStrictEqual({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
    });
    expect(encoded.warnings.map((warning) => warning.code)).toEqual([
      'dropped-block',
      'dropped-tool',
      'defaulted-max-tokens',
      'dropped-field',
    ]);
  });

  it("maps effort 'minimal' to 'low' with a warning", () => {
    const encoded = encodeAnthropicRequest(irRequest({ effort: 'minimal' }), TARGET);
    expect(encoded.body.output_config).toEqual({ effort: 'low' });
    expect(encoded.warnings).toEqual([{ code: 'mapped-effort', message: expect.any(String) as string }]);
  });

  it('keeps system messages mid-conversation in place', () => {
    const messages: IrMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'system', content: [{ type: 'text', text: 'b' }] },
    ];
    expect(encodeAnthropicRequest(irRequest({ messages }), TARGET).body.messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'system', content: 'b' },
    ]);
  });
});
