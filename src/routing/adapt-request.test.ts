import { describe, expect, it } from 'vitest';
import type { IrMessage } from '../ir/message.js';
import type { IrRequest } from '../ir/request.js';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import { adaptRequest } from './adapt-request.js';

const anthropicUpstream = makeUpstream('claude', { providerId: 'anthropic' });
const deepseekUpstream = makeUpstream('deepseek', {
  providerId: 'deepseek',
  modelMaxOutputTokens: { 'deepseek-chat': 8192 },
});
const openaiUpstream = makeUpstream('oai', { providerId: 'openai', format: 'openai-chat' });

function request(fields: Partial<IrRequest> = {}): IrRequest {
  return {
    model: 'claude-opus-4-8',
    system: [],
    messages: [],
    tools: [],
    stopSequences: [],
    stream: false,
    extensions: {},
    ...fields,
  };
}

const toolLoop = (signatureProvider: string | undefined): IrMessage[] => [
  { role: 'user', content: [{ type: 'text', text: 'ls' }] },
  {
    role: 'assistant',
    content: [
      {
        type: 'reasoning',
        text: 'run ls',
        signature:
          signatureProvider === undefined ? undefined : { provider: signatureProvider, value: 'sig' },
      },
      { type: 'tool-use', id: 't1', name: 'Bash', input: { command: 'ls' } },
    ],
  },
  {
    role: 'user',
    content: [{ type: 'tool-result', toolUseId: 't1', content: [{ type: 'text', text: 'a' }] }],
  },
];

describe('adaptRequest', () => {
  it('sets the upstream model and fills max_tokens for Anthropic-format upstreams', () => {
    const { request: adapted } = adaptRequest(request(), {
      upstream: anthropicUpstream,
      model: 'claude-x',
      config: makeConfig([]),
    });
    expect(adapted.model).toBe('claude-x');
    expect(adapted.maxTokens).toBe(8192);
    const openai = adaptRequest(request(), {
      upstream: openaiUpstream,
      model: 'gpt',
      config: makeConfig([]),
    });
    expect(openai.request.maxTokens).toBeUndefined();
  });

  it('clamps max_tokens to the model limit and keeps the thinking budget below it', () => {
    const { request: adapted, warnings } = adaptRequest(
      request({ maxTokens: 64000, thinking: { type: 'enabled', budgetTokens: 32000 } }),
      { upstream: deepseekUpstream, model: 'deepseek-chat', config: makeConfig([]) },
    );
    expect(adapted.maxTokens).toBe(8192);
    expect(adapted.thinking).toEqual({ type: 'enabled', budgetTokens: 8191 });
    expect(warnings.map((warning) => warning.code)).toContain('clamped-max-tokens');
  });

  it('keeps reasoning signed by the target family, drops the rest and turns thinking off for the tool loop', () => {
    const own = adaptRequest(request({ messages: toolLoop('anthropic'), thinking: { type: 'adaptive' } }), {
      upstream: anthropicUpstream,
      model: 'm',
      config: makeConfig([]),
    });
    expect(own.request.messages[1]?.content).toHaveLength(2);
    expect(own.request.thinking).toEqual({ type: 'adaptive' });
    for (const provider of ['deepseek', undefined]) {
      const foreign = adaptRequest(
        request({ messages: toolLoop(provider), thinking: { type: 'adaptive' } }),
        {
          upstream: anthropicUpstream,
          model: 'm',
          config: makeConfig([]),
        },
      );
      expect(foreign.request.messages[1]?.content.map((part) => part.type)).toEqual(['tool-use']);
      expect(foreign.request.thinking).toBeUndefined();
      expect(foreign.warnings.map((warning) => warning.code)).toEqual([
        'dropped-signature',
        'thinking-disabled',
      ]);
    }
  });

  it('leaves reasoning to OpenAI-format encoders (they replay or drop the text)', () => {
    const { request: adapted } = adaptRequest(request({ messages: toolLoop('anthropic') }), {
      upstream: openaiUpstream,
      model: 'gpt',
      config: makeConfig([]),
    });
    expect(adapted.messages[1]?.content.map((part) => part.type)).toEqual(['reasoning', 'tool-use']);
  });

  it('applies the per-tier thinking switch', () => {
    const config = makeConfig([], {}, { thinking: { haiku: false } });
    const haiku = adaptRequest(request({ thinking: { type: 'adaptive' }, effort: 'high' }), {
      upstream: anthropicUpstream,
      model: 'm',
      tier: 'haiku',
      config,
    });
    expect(haiku.request.thinking).toBeUndefined();
    expect(haiku.request.effort).toBeUndefined();
    const opus = adaptRequest(request({ thinking: { type: 'adaptive' } }), {
      upstream: anthropicUpstream,
      model: 'm',
      tier: 'opus',
      config,
    });
    expect(opus.request.thinking).toEqual({ type: 'adaptive' });
  });

  it('turns opaque Anthropic tool results (tool_reference content) into plain results for other formats', () => {
    const messages: IrMessage[] = [
      {
        role: 'user',
        content: [
          {
            type: 'opaque',
            format: 'anthropic',
            value: {
              type: 'tool_result',
              tool_use_id: 'toolu_search',
              content: [
                { type: 'tool_reference', tool_name: 'Bash' },
                { type: 'text', text: 'found it' },
              ],
            },
          },
        ],
      },
    ];
    const { request: adapted, warnings } = adaptRequest(request({ messages }), {
      upstream: openaiUpstream,
      model: 'gpt',
      config: makeConfig([]),
    });
    expect(adapted.messages[0]?.content).toEqual([
      {
        type: 'tool-result',
        toolUseId: 'toolu_search',
        content: [
          { type: 'text', text: 'Tool reference: Bash' },
          { type: 'text', text: 'found it' },
        ],
        isError: undefined,
      },
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['degraded-block']);
    const kept = adaptRequest(request({ messages }), {
      upstream: anthropicUpstream,
      model: 'm',
      config: makeConfig([]),
    });
    expect(kept.request.messages[0]?.content[0]?.type).toBe('opaque');
  });
});
