import { describe, expect, it } from 'vitest';
import { adaptAnthropicBody, type AnthropicBodyTarget } from './adapt-anthropic-body.js';

const anthropicTarget: AnthropicBodyTarget = {
  model: 'claude-opus-4-8',
  family: 'anthropic',
  toolSearch: true,
};
const deepseekTarget: AnthropicBodyTarget = {
  model: 'deepseek-chat',
  family: 'deepseek',
  toolSearch: false,
  maxOutputTokens: 8192,
};

/** A tool loop: the assistant thought (signed by `signature`), called a tool, the user returns its result. */
function toolLoop(signature: string): Record<string, unknown> {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 32000,
    thinking: { type: 'enabled', budget_tokens: 16000 },
    messages: [
      { role: 'user', content: 'list files' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should run ls.', signature },
          { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a b c' }] },
    ],
  };
}

describe('adaptAnthropicBody', () => {
  it('leaves a body for the same model and family untouched (same object: bytes can be reused)', () => {
    const body = toolLoop('anthropic-signature');
    const result = adaptAnthropicBody(body, anthropicTarget);
    expect(result.changed).toBe(false);
    expect(result.body).toBe(body);
    expect(result.warnings).toEqual([]);
  });

  it('rewrites only the model when that is all that differs', () => {
    const body = toolLoop('anthropic-signature');
    const result = adaptAnthropicBody(body, { ...anthropicTarget, model: 'claude-sonnet-4-5' });
    expect(result.changed).toBe(true);
    expect(result.body).toEqual({ ...body, model: 'claude-sonnet-4-5' });
    expect(body.model).toBe('claude-opus-4-8');
  });

  it('sends a tagged DeepSeek signature back to DeepSeek untagged', () => {
    const result = adaptAnthropicBody(toolLoop('sb1.deepseek.ds-sig'), {
      ...deepseekTarget,
      maxOutputTokens: 64000,
    });
    const assistant = (result.body.messages as { content: Record<string, unknown>[] }[])[1];
    expect(assistant?.content[0]).toEqual({
      type: 'thinking',
      thinking: 'I should run ls.',
      signature: 'ds-sig',
    });
    expect(result.body.thinking).toEqual({ type: 'enabled', budget_tokens: 16000 });
  });

  it("drops another family's thinking block and turns thinking off for the tool loop", () => {
    const result = adaptAnthropicBody(toolLoop('sb1.deepseek.ds-sig'), anthropicTarget);
    const assistant = (result.body.messages as { content: Record<string, unknown>[] }[])[1];
    expect(assistant?.content.map((block) => block.type)).toEqual(['tool_use']);
    expect(result.body.thinking).toBeUndefined();
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'dropped-signature',
      'thinking-disabled',
    ]);
  });

  it('drops Anthropic signatures before a DeepSeek upstream, and unsigned thinking before Anthropic', () => {
    const toDeepseek = adaptAnthropicBody(toolLoop('anthropic-signature'), {
      ...deepseekTarget,
      maxOutputTokens: 64000,
    });
    expect(JSON.stringify(toDeepseek.body)).not.toContain('anthropic-signature');
    const unsigned = adaptAnthropicBody(toolLoop(''), anthropicTarget);
    expect(JSON.stringify(unsigned.body)).not.toContain('I should run ls.');
  });

  it('keeps thinking on when an earlier (not final) turn lost its thinking block', () => {
    const body = toolLoop('sb1.kimi.x');
    const messages = body.messages as unknown[];
    body.messages = [
      ...messages,
      { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
      { role: 'user', content: 'thanks' },
    ];
    const result = adaptAnthropicBody(body, anthropicTarget);
    expect(result.body.thinking).toEqual({ type: 'enabled', budget_tokens: 16000 });
  });

  it('clamps max_tokens to the model limit and keeps the thinking budget below it', () => {
    const body = {
      model: 'm',
      max_tokens: 64000,
      thinking: { type: 'enabled', budget_tokens: 31999 },
      messages: [],
    };
    const result = adaptAnthropicBody(body, deepseekTarget);
    expect(result.body.max_tokens).toBe(8192);
    expect(result.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8191 });
    expect(result.warnings.map((warning) => warning.code)).toContain('clamped-max-tokens');
  });

  it('turns thinking off when a clamped max_tokens leaves no room for the minimum budget', () => {
    const body = {
      model: 'm',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 3000 },
      messages: [],
    };
    const result = adaptAnthropicBody(body, { ...deepseekTarget, maxOutputTokens: 1000 });
    expect(result.body.max_tokens).toBe(1000);
    expect(result.body.thinking).toBeUndefined();
  });

  it('degrades tool search for upstreams without it: tool_reference → text, defer_loading and search tools removed', () => {
    const body = {
      model: 'm',
      max_tokens: 100,
      tools: [
        { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
        { name: 'Bash', input_schema: { type: 'object' }, defer_loading: true },
        { name: 'Read', input_schema: { type: 'object' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't',
              content: [{ type: 'tool_reference', tool_name: 'Bash' }],
            },
            { type: 'tool_reference', tool_name: 'Read' },
          ],
        },
      ],
    };
    const result = adaptAnthropicBody(body, deepseekTarget);
    expect(result.body.tools).toEqual([
      { name: 'Bash', input_schema: { type: 'object' } },
      { name: 'Read', input_schema: { type: 'object' } },
    ]);
    expect((result.body.messages as { content: unknown }[])[0]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'Tool reference: Bash' }] },
      { type: 'text', text: 'Tool reference: Read' },
    ]);
    expect(result.warnings.map((warning) => warning.code).sort()).toEqual([
      'degraded-block',
      'dropped-field',
      'dropped-tool',
    ]);
    const untouched = adaptAnthropicBody(body, { ...anthropicTarget, model: 'm' });
    expect(untouched.body).toBe(body);
  });

  it('removes thinking when the tier switch is off', () => {
    const body = { model: 'm', max_tokens: 100, thinking: { type: 'adaptive' }, messages: [] };
    const result = adaptAnthropicBody(body, { ...anthropicTarget, model: 'm', thinkingAllowed: false });
    expect(result.body.thinking).toBeUndefined();
    expect(adaptAnthropicBody(body, { ...anthropicTarget, model: 'm', thinkingAllowed: true }).changed).toBe(
      false,
    );
  });
});
