import { describe, expect, it } from 'vitest';
import type { PayloadRule, PayloadRules, UpstreamFormat } from '../config/switchboard-config.js';
import { applyPayloadRules, compilePayloadRules } from './apply-payload-rules.js';

const rule = (name: string, params: Record<string, unknown>, format?: UpstreamFormat): PayloadRule => ({
  models: [{ name, format }],
  params: Object.entries(params).map(([path, value]) => ({ path, value })),
});

const apply = (
  rules: Partial<PayloadRules>,
  body: Record<string, unknown>,
  target: { model: string; format: UpstreamFormat } = { model: 'claude-x', format: 'anthropic' },
): ReturnType<typeof applyPayloadRules> =>
  applyPayloadRules(
    compilePayloadRules({ defaults: rules.defaults ?? [], overrides: rules.overrides ?? [] }),
    target,
    body,
  );

describe('applyPayloadRules: rule kinds', () => {
  it('a default sets a path that is absent', () => {
    const result = apply({ defaults: [rule('*', { temperature: 0.3 })] }, { model: 'm' });
    expect(result).toEqual({
      body: { model: 'm', temperature: 0.3 },
      changed: true,
      applied: ['default temperature'],
    });
  });

  it('a default leaves a present value (null and false included) and the body untouched', () => {
    const body = { temperature: 1, top_p: null, stream: false };
    const result = apply({ defaults: [rule('*', { temperature: 0.3, top_p: 0.5, stream: true })] }, body);
    expect(result.body).toBe(body);
    expect(result.changed).toBe(false);
    expect(result.applied).toEqual([]);
  });

  it('a default-raw object value is set whole, as its own copy', () => {
    const value = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } };
    const rules = { defaults: [rule('gpt-*', { response_format: value }, 'openai-responses')] };
    const result = apply(rules, { input: 'hi' }, { model: 'gpt-5', format: 'openai-responses' });
    expect(result.body).toEqual({ input: 'hi', response_format: value });
    expect(result.body.response_format).not.toBe(value);
  });

  it('an override replaces a present value and keeps the key in place', () => {
    const result = apply(
      { overrides: [rule('*', { temperature: 0.2 })] },
      { model: 'm', temperature: 1, x: 1 },
    );
    expect(result.body).toEqual({ model: 'm', temperature: 0.2, x: 1 });
    expect(Object.keys(result.body)).toEqual(['model', 'temperature', 'x']);
    expect(result.applied).toEqual(['override temperature']);
  });

  it('an override-raw object value replaces a whole subtree', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const rules = {
      overrides: [rule('gemini-2.5-pro', { 'generationConfig.responseJsonSchema': schema }, 'gemini')],
    };
    const body = { generationConfig: { responseJsonSchema: { type: 'string' }, temperature: 1 } };
    const result = apply(rules, body, { model: 'gemini-2.5-pro', format: 'gemini' });
    expect(result.body).toEqual({ generationConfig: { responseJsonSchema: schema, temperature: 1 } });
  });

  it('an override with the value already present changes nothing', () => {
    const body = { temperature: 0.2 };
    const result = apply({ overrides: [rule('*', { temperature: 0.2 })] }, body);
    expect(result).toEqual({ body, changed: false, applied: ['override temperature'] });
    expect(result.body).toBe(body);
  });
});

describe('applyPayloadRules: matching', () => {
  it('matches model globs case-sensitively; * also crosses /', () => {
    const rules = { overrides: [rule('gemini-*', { a: 1 }), rule('*kimi*', { b: 2 })] };
    const on = (model: string): Record<string, unknown> =>
      apply(rules, {}, { model, format: 'openai-chat' }).body;
    expect(on('gemini-2.5-pro')).toEqual({ a: 1 });
    expect(on('Gemini-2.5-pro')).toEqual({});
    expect(on('moonshotai/kimi-k2:free')).toEqual({ b: 2 });
    expect(on('gpt-5')).toEqual({});
  });

  it('a rule for one protocol does not touch another format; a rule without one matches all', () => {
    const rules = { overrides: [rule('*', { gemini_only: true }, 'gemini'), rule('*', { any: true })] };
    expect(apply(rules, {}, { model: 'm', format: 'openai-chat' }).body).toEqual({ any: true });
    expect(apply(rules, {}, { model: 'm', format: 'gemini' }).body).toEqual({ gemini_only: true, any: true });
  });

  it('applies when any model matcher of a rule matches', () => {
    const either: PayloadRule = {
      models: [
        { name: 'a-*', format: 'gemini' },
        { name: 'b-*', format: undefined },
      ],
      params: [{ path: 'x', value: 1 }],
    };
    expect(apply({ overrides: [either] }, {}, { model: 'a-1', format: 'gemini' }).changed).toBe(true);
    expect(apply({ overrides: [either] }, {}, { model: 'a-1', format: 'anthropic' }).changed).toBe(false);
    expect(apply({ overrides: [either] }, {}, { model: 'b-1', format: 'anthropic' }).changed).toBe(true);
  });

  it('returns the input itself with no rule matching', () => {
    const body = { model: 'm' };
    const result = apply({ defaults: [rule('other', { a: 1 })], overrides: [rule('x-*', { b: 1 })] }, body);
    expect(result.body).toBe(body);
    expect(result).toEqual({ body, changed: false, applied: [] });
  });

  it('compiles once per rules object', () => {
    const rules: PayloadRules = { defaults: [], overrides: [rule('*', { a: 1 })] };
    expect(compilePayloadRules(rules)).toBe(compilePayloadRules(rules));
    expect(compilePayloadRules({ ...rules })).not.toBe(compilePayloadRules(rules));
  });
});

describe('applyPayloadRules: paths', () => {
  it('creates missing intermediate objects along a nested path', () => {
    const rules = {
      defaults: [rule('gemini-*', { 'generationConfig.thinkingConfig.thinkingBudget': 32768 }, 'gemini')],
    };
    const result = apply(rules, { contents: [] }, { model: 'gemini-2.5-pro', format: 'gemini' });
    expect(result.body).toEqual({
      contents: [],
      generationConfig: { thinkingConfig: { thinkingBudget: 32768 } },
    });
    expect(result.applied).toEqual(['default generationConfig.thinkingConfig.thinkingBudget']);
  });

  it('indexes arrays with numeric segments and appends at the length', () => {
    const body = { messages: [{ role: 'user', content: 'a' }] };
    const result = apply(
      { overrides: [rule('*', { 'messages.0.role': 'system', 'messages.1.role': 'user' })] },
      body,
    );
    expect(result.body).toEqual({ messages: [{ role: 'system', content: 'a' }, { role: 'user' }] });
    expect(Array.isArray(result.body.messages)).toBe(true);
  });

  it('skips and reports a path through a non-object, a bad index or null, without throwing', () => {
    const body = { system: 'be brief', messages: [{ role: 'user' }], metadata: null };
    const result = apply(
      {
        overrides: [
          rule('*', {
            'system.text': 'x',
            'messages.first.role': 'x',
            'messages.5.role': 'x',
            'metadata.user_id': 'x',
            ok: 1,
          }),
        ],
      },
      body,
    );
    expect(result.body).toEqual({ ...body, ok: 1 });
    expect(result.applied).toEqual([
      "skipped override system.text: 'system' is a string",
      "skipped override messages.first.role: 'messages' is an array (segment 'first' is not an index)",
      "skipped override messages.5.role: 'messages' has 1 items (index 5 is past the end)",
      "skipped override metadata.user_id: 'metadata' is null",
      'override ok',
    ]);
  });

  it('treats inherited properties as absent and a __proto__ segment as a plain key', () => {
    const result = apply({ defaults: [rule('*', { constructor: 'c', '__proto__.polluted': true })] }, {});
    expect(result.body.constructor).toBe('c');
    expect(Object.getPrototypeOf(result.body)).toBe(Object.prototype);
    expect(Object.hasOwn(result.body, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('applyPayloadRules: copy-on-write and precedence', () => {
  it('never mutates the input and shares every unchanged branch', () => {
    const body = {
      messages: [{ role: 'user', content: 'hi' }],
      generationConfig: { thinkingConfig: { includeThoughts: true }, stopSequences: ['x'] },
      tools: [{ name: 't' }],
    };
    const snapshot = structuredClone(body);
    const result = apply(
      {
        overrides: [
          rule('*', { 'generationConfig.thinkingConfig.thinkingBudget': 1, 'generationConfig.topK': 2 }),
        ],
      },
      body,
    );
    expect(body).toEqual(snapshot);
    const out = result.body as typeof body & { generationConfig: Record<string, unknown> };
    expect(out).not.toBe(body);
    expect(out.generationConfig).not.toBe(body.generationConfig);
    expect(out.generationConfig.thinkingConfig).not.toBe(body.generationConfig.thinkingConfig);
    expect(out.generationConfig).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingBudget: 1 },
      stopSequences: ['x'],
      topK: 2,
    });
    expect(out.messages).toBe(body.messages);
    expect(out.tools).toBe(body.tools);
    expect(out.generationConfig.stopSequences).toBe(body.generationConfig.stopSequences);
  });

  it('does not mutate the config value when a later param writes inside it', () => {
    const value = { type: 'enabled' };
    const rules: PayloadRules = {
      defaults: [rule('*', { thinking: value })],
      overrides: [rule('*', { 'thinking.budget_tokens': 1024 })],
    };
    expect(apply(rules, {}).body).toEqual({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(value).toEqual({ type: 'enabled' });
  });

  it('runs defaults before overrides, so an override wins; the first default wins over a later one', () => {
    const rules: PayloadRules = {
      defaults: [rule('*', { temperature: 0.5, top_k: 1 }), rule('*', { top_k: 2 })],
      overrides: [rule('*', { temperature: 0.1 })],
    };
    const result = apply(rules, {});
    expect(result.body).toEqual({ temperature: 0.1, top_k: 1 });
    expect(result.applied).toEqual(['default temperature', 'default top_k', 'override temperature']);
  });

  it('the last of several overrides wins', () => {
    const rules = { overrides: [rule('*', { temperature: 0.1 }), rule('claude-*', { temperature: 0.9 })] };
    expect(apply(rules, { temperature: 1 }).body).toEqual({ temperature: 0.9 });
  });
});
