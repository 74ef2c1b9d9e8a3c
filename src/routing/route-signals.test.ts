import { describe, expect, it } from 'vitest';
import type { WireFormat } from '../protocols/protocol.js';
import { protocolFor } from '../protocols/registry.js';
import { routeSignalsOf, routeSignalsOfAnthropicBody, routeSignalsOfIr } from './route-signals.js';

const user = (content: unknown) => ({ role: 'user', content });

function anthropic(fields: Record<string, unknown>) {
  const body = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [user('hi')], ...fields };
  return routeSignalsOfAnthropicBody(body, JSON.stringify(body).length);
}

function decoded(format: WireFormat, body: Record<string, unknown>) {
  const { request } = protocolFor(format).decodeRequest(structuredClone(body), { model: 'gemini-2.5-pro' });
  return routeSignalsOfIr(request, JSON.stringify(body).length);
}

describe('routeSignalsOfAnthropicBody', () => {
  it.each([
    [{ thinking: { type: 'enabled', budget_tokens: 2048 } }, true],
    [{ thinking: { type: 'adaptive' } }, true],
    [{ thinking: { type: 'disabled' } }, false],
    [{ output_config: { effort: 'high' } }, false],
    [{}, false],
  ])('thinking of %j is %s', (fields, expected) => {
    expect(anthropic(fields).thinking).toBe(expected);
  });

  it('sees web search only in a web_search_* server tool', () => {
    expect(anthropic({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }).webSearch).toBe(true);
    expect(anthropic({ tools: [{ name: 'web_search', input_schema: { type: 'object' } }] }).webSearch).toBe(
      false,
    );
    expect(anthropic({}).webSearch).toBe(false);
  });

  it('counts the text of system, messages and tools, not media, and memoises the estimate', async () => {
    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(4000) },
    };
    const small = anthropic({ messages: [user([{ type: 'text', text: 'hello' }, image])] });
    const large = anthropic({
      system: 'You are terse.',
      messages: [
        user([{ type: 'text', text: 'hello '.repeat(50) }]),
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'calc', input: { expression: '1+1' } }],
        },
        user([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'two' }] }]),
      ],
      tools: [{ name: 'calc', description: 'Evaluates', input_schema: { type: 'object' } }],
    });
    const smallTokens = await small.estimateInputTokens();
    expect(smallTokens).toBeGreaterThan(0);
    expect(smallTokens).toBeLessThan(5);
    const largeTokens = await large.estimateInputTokens();
    expect(largeTokens).toBeGreaterThan(50);
    expect(large.estimateInputTokens()).toBe(large.estimateInputTokens());
    expect(largeTokens).toBeLessThanOrEqual(large.inputBytes);
  });
});

describe('routeSignalsOfIr', () => {
  it.each<[string, WireFormat, Record<string, unknown>, boolean]>([
    ['Chat reasoning_effort high', 'openai-chat', { reasoning_effort: 'high' }, true],
    ['Chat reasoning_effort none', 'openai-chat', { reasoning_effort: 'none' }, false],
    ['Chat without effort', 'openai-chat', {}, false],
    ['Responses reasoning.effort', 'openai-responses', { reasoning: { effort: 'medium' } }, true],
    [
      'Gemini thinkingBudget',
      'gemini',
      { generationConfig: { thinkingConfig: { thinkingBudget: 1024 } } },
      true,
    ],
  ])('thinking: %s', (_name, format, fields, expected) => {
    expect(decoded(format, { ...baseBody(format), ...fields }).thinking).toBe(expected);
  });

  it.each<[string, WireFormat, Record<string, unknown>, boolean]>([
    ['Responses web_search', 'openai-responses', { tools: [{ type: 'web_search' }] }, true],
    ['Responses web_search_preview', 'openai-responses', { tools: [{ type: 'web_search_preview' }] }, true],
    [
      'Responses file_search',
      'openai-responses',
      { tools: [{ type: 'file_search', vector_store_ids: ['v'] }] },
      false,
    ],
    ['Gemini googleSearch', 'gemini', { tools: [{ googleSearch: {} }] }, true],
    ['Gemini google_search', 'gemini', { tools: [{ google_search: {} }] }, true],
    ['Gemini codeExecution', 'gemini', { tools: [{ codeExecution: {} }] }, false],
    ['Chat web_search_options', 'openai-chat', { web_search_options: {} }, true],
    ['Chat function named web_search', 'openai-chat', { tools: [chatFunction('web_search')] }, false],
  ])('web search: %s', (_name, format, fields, expected) => {
    expect(decoded(format, { ...baseBody(format), ...fields }).webSearch).toBe(expected);
  });

  it('counts system, message and tool text of a decoded request', async () => {
    const signals = decoded('openai-chat', {
      ...baseBody('openai-chat'),
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'word '.repeat(100) },
      ],
      tools: [chatFunction('lookup')],
    });
    const tokens = await signals.estimateInputTokens();
    expect(tokens).toBeGreaterThan(100);
    expect(tokens).toBeLessThanOrEqual(signals.inputBytes);
  });
});

describe('routeSignalsOf', () => {
  it('takes the estimate as given', async () => {
    const signals = routeSignalsOf({ thinking: true, webSearch: false, inputTokens: 70_000 });
    expect(signals).toMatchObject({ thinking: true, webSearch: false, inputBytes: 70_000 });
    expect(await signals.estimateInputTokens()).toBe(70_000);
  });
});

function baseBody(format: WireFormat): Record<string, unknown> {
  switch (format) {
    case 'openai-chat':
      return { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] };
    case 'openai-responses':
      return { model: 'gpt-5', input: 'hi' };
    case 'gemini':
      return { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    case 'anthropic':
      return { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [user('hi')] };
  }
}

function chatFunction(name: string): Record<string, unknown> {
  return { type: 'function', function: { name, parameters: { type: 'object', properties: {} } } };
}
