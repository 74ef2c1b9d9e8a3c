import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claudeCodeFixture } from '../../../test/fixtures/claude-code-fixtures.js';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { encodeAnthropicRequest } from './encode-request.js';

type Body = Record<string, unknown> & { model: string };

/** Hand-written bodies covering every block kind and field (source named in the file). */
const CASES = (
  JSON.parse(
    readFileSync(new URL('__fixtures__/anthropic-request-round-trip.json', import.meta.url), 'utf8'),
  ) as {
    cases: { name: string; body: Body }[];
  }
).cases;

const claudeCodeBody = JSON.parse(readFileSync(claudeCodeFixture('messages-request.json'), 'utf8')) as Body;

function roundTrip(body: Body): Record<string, unknown> {
  const decoded = decodeAnthropicRequest(structuredClone(body));
  const encoded = encodeAnthropicRequest(decoded.request, { providerId: 'anthropic', model: body.model });
  expect(encoded.warnings).toEqual([]);
  return encoded.body;
}

describe('decodeAnthropicRequest → encodeAnthropicRequest round trip', () => {
  it('gives the Claude Code request back byte for byte (same JSON, same key order)', () => {
    const decoded = decodeAnthropicRequest(structuredClone(claudeCodeBody));
    expect(decoded.warnings).toEqual([]);
    expect(decoded.client).toEqual({ requestedModel: 'claude-opus-4-8', includeUsage: true });
    const encoded = encodeAnthropicRequest(decoded.request, {
      providerId: 'anthropic',
      model: 'claude-opus-4-8',
    });
    expect(encoded.body).toStrictEqual(claudeCodeBody);
    expect(JSON.stringify(encoded.body)).toBe(JSON.stringify(claudeCodeBody));
    expect(encoded.exchange).toEqual({
      toolNames: new Map(),
      providerId: 'anthropic',
      model: 'claude-opus-4-8',
    });
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase.body] as const))('%s', (_name, body) => {
    const encoded = roundTrip(body);
    expect(encoded).toStrictEqual(body);
    expect(Object.keys(encoded)).toEqual(Object.keys(body));
  });

  it('sends target.model as model', () => {
    const { request } = decodeAnthropicRequest(structuredClone(claudeCodeBody));
    const encoded = encodeAnthropicRequest(request, { providerId: 'anthropic', model: 'claude-sonnet-4-6' });
    expect(encoded.body.model).toBe('claude-sonnet-4-6');
  });
});

describe('decodeAnthropicRequest → IR', () => {
  it('maps the Claude Code request onto the IR', () => {
    const { request } = decodeAnthropicRequest(structuredClone(claudeCodeBody));
    expect(request.model).toBe('claude-opus-4-8');
    expect(request.system).toHaveLength(3);
    expect(request.system[1]?.cacheControl).toEqual({ type: 'ephemeral' });
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'system']);
    expect(request.messages[1]?.content).toEqual([{ type: 'text', text: expect.any(String) as string }]);
    expect(request.tools).toHaveLength(24);
    expect(request.tools.every((tool) => tool.type === 'function')).toBe(true);
    expect(request).toMatchObject({
      maxTokens: 64000,
      stream: true,
      thinking: { type: 'adaptive' },
      effort: 'high',
    });
    expect(request.userId).toContain('session_id');
    expect(request.extensions.anthropic).toEqual({
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    });
  });

  it('maps blocks, signatures, tools and settings', () => {
    const body = CASES.find((testCase) => testCase.name === 'tool use and tool results of every shape')?.body;
    const { request } = decodeAnthropicRequest(structuredClone(body));
    const [, assistant, results] = request.messages;
    expect(assistant?.content.slice(0, 4)).toEqual([
      {
        type: 'reasoning',
        text: 'Let me check.',
        signature: { provider: 'anthropic', value: 'EqQBCgIYAhIM' },
      },
      { type: 'redacted-reasoning', data: 'EmwKAhgBEgy3va3pzix', provider: 'anthropic' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-use', id: 'toolu_1', name: 'get_weather', input: { location: 'SF' } },
    ]);
    expect(results?.content[0]).toEqual({
      type: 'tool-result',
      toolUseId: 'toolu_1',
      content: [{ type: 'text', text: '15 degrees' }],
    });
    expect(results?.content[6]).toMatchObject({ type: 'opaque', format: 'anthropic' });
  });

  it('reads sb1-tagged signatures as the provider that made them', () => {
    const body = CASES.find((testCase) => testCase.name.startsWith('thinking variants'))?.body;
    const { request } = decodeAnthropicRequest(structuredClone(body));
    expect(request.messages[1]?.content[0]).toEqual({
      type: 'reasoning',
      text: 'a',
      signature: { provider: 'deepseek', value: 'c2lnbmF0dXJl' },
    });
    expect(request.messages[1]?.content[4]).toEqual({
      type: 'redacted-reasoning',
      data: 'ZW5jcnlwdGVk',
      provider: 'openai',
    });
  });

  it('maps custom tools to function tools and server tools to provider tools', () => {
    const body = CASES.find((testCase) => testCase.name.startsWith('custom tools'))?.body;
    const { request } = decodeAnthropicRequest(structuredClone(body));
    expect(request.tools[1]).toEqual({
      type: 'function',
      name: 'calc',
      inputSchema: { type: 'object' },
      cacheControl: { type: 'ephemeral', ttl: '1h' },
      deferLoading: true,
      strict: true,
    });
    expect(request.tools[3]).toEqual({
      type: 'provider',
      format: 'anthropic',
      name: 'web_search',
      value: {
        type: 'web_search_20250305',
        name: 'web_search',
        max_uses: 5,
        allowed_domains: ['example.com'],
      },
    });
    expect(request.toolChoice).toEqual({ type: 'auto', disableParallelToolUse: true });
  });

  it.each([
    [
      { type: 'enabled', budget_tokens: 2048 },
      { type: 'enabled', budgetTokens: 2048 },
    ],
    [{ type: 'adaptive', display: 'summarized' }, { type: 'adaptive' }],
    [{ type: 'disabled' }, { type: 'disabled' }],
    [{ type: 'between_tools' }, undefined],
  ])('thinking %j → %j', (thinking, expected) => {
    const { request } = decodeAnthropicRequest({ model: 'm', max_tokens: 1, messages: [], thinking });
    expect(request.thinking).toEqual(expected);
  });

  it('warns about message fields it drops', () => {
    const decoded = decodeAnthropicRequest({
      model: 'm',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'x', name: 'alice' }],
    });
    expect(decoded.warnings).toEqual([
      { code: 'dropped-field', message: "Dropped field 'name' of messages.0." },
    ]);
  });

  it.each([
    ['not an object', [], /must be a JSON object/],
    ['no model', { max_tokens: 1, messages: [] }, /model/],
    ['max_tokens not a positive integer', { model: 'm', max_tokens: 0, messages: [] }, /max_tokens/],
    [
      'text that is not a string',
      { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] },
      /messages\.0\.content\.0\.text: expected a string/,
    ],
    [
      'tool_use without input',
      {
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'b' }] }],
      },
      /messages\.0\.content\.0\.input: required/,
    ],
    [
      'tool_result content of the wrong type',
      {
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 3 }] }],
      },
      /messages\.0\.content\.0\.content/,
    ],
    [
      'image without source',
      { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'image' }] }] },
      /messages\.0\.content\.0\.source/,
    ],
    [
      'system block that is not text',
      { model: 'm', max_tokens: 1, messages: [], system: [{ type: 'image' }] },
      /system\.0/,
    ],
    [
      'custom tool without input_schema',
      { model: 'm', max_tokens: 1, messages: [], tools: [{ name: 't' }] },
      /tools\.0\.input_schema/,
    ],
    [
      'temperature not a number',
      { model: 'm', max_tokens: 1, messages: [], temperature: 'hot' },
      /temperature/,
    ],
    [
      'stop_sequences not strings',
      { model: 'm', max_tokens: 1, messages: [], stop_sequences: [1] },
      /stop_sequences/,
    ],
  ])('rejects %s with a 400 naming the field', (_name, body, message) => {
    expect(() => decodeAnthropicRequest(body)).toThrow(InvalidRequestError);
    expect(() => decodeAnthropicRequest(body)).toThrow(message);
  });
});
