import { describe, expect, it } from 'vitest';
import { findProvider } from '../providers/catalog.js';
import { compileConfig } from './compile-config.js';
import { compileQuirks, settleUpstreamId } from './compile-upstream-fields.js';
import { parseConfigText } from './parse-config-text.js';

describe('compileQuirks', () => {
  it.each([
    {
      name: 'custom openai-chat upstream: OpenAI tool-name limit, nothing else',
      provider: undefined,
      format: 'openai-chat',
      expected: { replayReasoning: false, maxToolNameLength: 64, modelMaxOutputTokens: {} },
    },
    {
      name: 'custom anthropic upstream: no limits',
      provider: undefined,
      format: 'anthropic',
      expected: { replayReasoning: false, maxToolNameLength: undefined, modelMaxOutputTokens: {} },
    },
    {
      name: 'Kimi over openai-chat',
      provider: 'kimi',
      format: 'openai-chat',
      expected: { replayReasoning: true, maxToolNameLength: 64, modelMaxOutputTokens: {} },
    },
    {
      name: "Groq's openai-chat limit does not follow it to an anthropic entry",
      provider: 'groq',
      format: 'anthropic',
      expected: { replayReasoning: false, maxToolNameLength: undefined, modelMaxOutputTokens: {} },
    },
    {
      name: 'custom openai-responses upstream: OpenAI tool-name limit',
      provider: undefined,
      format: 'openai-responses',
      expected: { replayReasoning: false, maxToolNameLength: 64, modelMaxOutputTokens: {} },
    },
    {
      name: 'OpenAI over openai-responses: the format default, not the chat provider limit',
      provider: 'openai',
      format: 'openai-responses',
      expected: { replayReasoning: false, maxToolNameLength: 64, modelMaxOutputTokens: {} },
    },
    {
      name: 'Gemini: its 64-character function names',
      provider: 'gemini',
      format: 'gemini',
      expected: { replayReasoning: false, maxToolNameLength: 64, modelMaxOutputTokens: {} },
    },
    {
      name: 'custom gemini upstream: Gemini limit',
      provider: undefined,
      format: 'gemini',
      expected: { replayReasoning: false, maxToolNameLength: 64, modelMaxOutputTokens: {} },
    },
    {
      name: 'DeepSeek caps apply whatever the format',
      provider: 'deepseek',
      format: 'anthropic',
      expected: {
        replayReasoning: true,
        maxToolNameLength: undefined,
        modelMaxOutputTokens: { 'deepseek-chat': 8192, 'deepseek-reasoner': 65_536 },
      },
    },
  ] as const)('$name', ({ provider, format, expected }) => {
    const quirks = compileQuirks(provider === undefined ? undefined : findProvider(provider), { format });
    expect(quirks).toEqual({ ...expected, maxOutputTokens: undefined });
  });
});

describe('settleUpstreamId', () => {
  it.each([
    {
      name: 'explicit name kept even if taken',
      entryName: 'a',
      candidate: 'x',
      taken: ['a'],
      id: 'a',
      after: ['a'],
    },
    {
      name: 'free candidate claimed',
      entryName: undefined,
      candidate: 'x',
      taken: [],
      id: 'x',
      after: ['x'],
    },
    {
      name: 'taken candidate suffixed',
      entryName: undefined,
      candidate: 'x',
      taken: ['x', 'x-2'],
      id: 'x-3',
      after: ['x', 'x-2', 'x-3'],
    },
  ])('$name', ({ entryName, candidate, taken, id, after }) => {
    const takenIds = new Set(taken);
    expect(settleUpstreamId(entryName, candidate, takenIds)).toBe(id);
    expect([...takenIds]).toEqual(after);
  });
});

describe('compileConfig: max-tokens on claude-api-key entries', () => {
  it('compiles the entry cap and per-model caps over the catalog', () => {
    const text = [
      'claude-api-key:',
      '  - api-key: k',
      '    base-url: "https://api.deepseek.com/anthropic"',
      '    max-tokens: 6000',
      '    models:',
      '      - name: deepseek-reasoner',
      '        max-tokens: 32000',
      '      - name: deepseek-chat',
    ].join('\n');
    const { raw } = parseConfigText(text, 'config.yaml');
    const [upstream] = compileConfig(raw, { env: {} }).config.upstreams;
    expect(upstream).toMatchObject({
      providerId: 'deepseek',
      format: 'anthropic',
      replayReasoning: true,
      maxOutputTokens: 6000,
      modelMaxOutputTokens: { 'deepseek-chat': 6000, 'deepseek-reasoner': 32000 },
      models: [{ name: 'deepseek-reasoner' }, { name: 'deepseek-chat' }],
    });
    expect(upstream?.maxToolNameLength).toBeUndefined();
  });

  it("leaves Anthropic's API without caps", () => {
    const { raw } = parseConfigText('claude-api-key:\n  - api-key: k\n', 'config.yaml');
    const [upstream] = compileConfig(raw, { env: {} }).config.upstreams;
    expect([upstream?.maxOutputTokens, upstream?.modelMaxOutputTokens]).toEqual([undefined, {}]);
  });
});
