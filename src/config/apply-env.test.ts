import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { applyModelRoutingEnv, keyedAuthStyle, upstreamsFromEnv } from './apply-env.js';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { createCredential } from '../routing/credential.js';
import type { ModelRouting } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

const NO_IDS: ReadonlySet<string> = new Set();

describe('applyModelRoutingEnv', () => {
  it.each<{ name: string; routing: ModelRouting; env: Environment; expected: ModelRouting }>([
    { name: 'nothing set', routing: {}, env: {}, expected: {} },
    { name: 'file only', routing: { opus: 'a/b' }, env: {}, expected: { opus: 'a/b' } },
    {
      name: 'each variable maps to its tier',
      routing: {},
      env: { MODEL: 'd', MODEL_OPUS: 'o', MODEL_SONNET: 's', MODEL_HAIKU: 'h' },
      expected: { default: 'd', opus: 'o', sonnet: 's', haiku: 'h' },
    },
    {
      name: 'variable wins',
      routing: { sonnet: 'file' },
      env: { MODEL_SONNET: 'env' },
      expected: { sonnet: 'env' },
    },
    {
      name: 'blank variable keeps the file value',
      routing: { sonnet: 'file' },
      env: { MODEL_SONNET: '  ' },
      expected: { sonnet: 'file' },
    },
    {
      name: 'value is trimmed',
      routing: {},
      env: { MODEL: ' deepseek/deepseek-chat ' },
      expected: { default: 'deepseek/deepseek-chat' },
    },
    { name: 'empty file value is unset', routing: { haiku: '' }, env: {}, expected: {} },
  ])('$name', ({ routing, env, expected }) => {
    expect(applyModelRoutingEnv(routing, env)).toEqual(expected);
  });
});

describe('upstreamsFromEnv', () => {
  it('makes one upstream per provider key variable, in catalog order', () => {
    const { upstreams, warnings, issues } = upstreamsFromEnv(
      { OPENROUTER_API_KEY: 'or-key', ANTHROPIC_API_KEY: 'an-key', UNRELATED: 'x' },
      { takenIds: NO_IDS },
    );
    expect(warnings).toEqual([]);
    expect(issues).toEqual([]);
    expect(upstreams).toEqual([
      {
        id: 'anthropic',
        providerId: 'anthropic',
        format: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        apiKey: 'an-key',
        credentials: [createCredential('anthropic', { apiKey: 'an-key' })],
        cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
        limits: DEFAULTS.limits,
        authStyle: 'x-api-key',
        headers: {},
        proxyUrl: undefined,
        models: [],
        excludedModels: [],
        betaPolicy: { mode: 'pass' },
        countTokens: true,
        replayReasoning: false,
        maxToolNameLength: undefined,
        maxOutputTokens: undefined,
        modelMaxOutputTokens: {},
        source: 'env',
        origin: 'env ANTHROPIC_API_KEY',
      },
      {
        id: 'open_router',
        providerId: 'open_router',
        format: 'anthropic',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKey: 'or-key',
        credentials: [createCredential('open_router', { apiKey: 'or-key' })],
        cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
        limits: DEFAULTS.limits,
        authStyle: 'bearer',
        headers: {},
        proxyUrl: undefined,
        models: [],
        excludedModels: [],
        betaPolicy: { mode: 'pass' },
        countTokens: false,
        replayReasoning: false,
        maxToolNameLength: undefined,
        maxOutputTokens: undefined,
        modelMaxOutputTokens: {},
        source: 'env',
        origin: 'env OPENROUTER_API_KEY',
      },
    ]);
  });

  it('skips a provider whose id is taken, with a warning naming the variable', () => {
    const result = upstreamsFromEnv({ DEEPSEEK_API_KEY: 'k' }, { takenIds: new Set(['deepseek']) });
    expect(result.upstreams).toEqual([]);
    expect(result.warnings).toEqual([
      'DEEPSEEK_API_KEY is set but not used: the config file already defines upstream "deepseek"',
    ]);
  });

  it.each([
    {
      name: 'provider proxy',
      env: { DEEPSEEK_PROXY: 'http://p:1' },
      global: 'http://g:2',
      expected: 'http://p:1',
    },
    { name: 'global proxy', env: {}, global: 'http://g:2', expected: 'http://g:2' },
    { name: 'none', env: { DEEPSEEK_PROXY: '' }, global: undefined, expected: undefined },
  ])('proxy: $name', ({ env, global, expected }) => {
    const result = upstreamsFromEnv(
      { DEEPSEEK_API_KEY: 'k', ...env },
      { takenIds: NO_IDS, globalProxyUrl: global },
    );
    expect(result.upstreams[0]?.proxyUrl).toBe(expected);
  });

  it('reports an invalid proxy without showing it', () => {
    const result = upstreamsFromEnv(
      { DEEPSEEK_API_KEY: 'k', DEEPSEEK_PROXY: 'user:hunter2@proxy' },
      { takenIds: NO_IDS },
    );
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ file: 'environment', path: 'DEEPSEEK_PROXY' });
    expect(result.issues[0]?.message).not.toContain('hunter2');
  });

  it('adds nothing for local base-URL variables alone (discovery finds local servers)', () => {
    const result = upstreamsFromEnv(
      { OLLAMA_BASE_URL: 'http://localhost:11434', LM_STUDIO_BASE_URL: 'http://localhost:1234/v1' },
      { takenIds: NO_IDS },
    );
    expect(result.upstreams).toEqual([]);
  });
});

describe('upstreamsFromEnv: every provider key variable', () => {
  it.each([
    ['ANTHROPIC_API_KEY', 'anthropic', 'anthropic', 'https://api.anthropic.com', 'x-api-key'],
    ['OPENAI_API_KEY', 'openai', 'openai-chat', 'https://api.openai.com/v1', 'bearer'],
    ['GEMINI_API_KEY', 'gemini', 'gemini', 'https://generativelanguage.googleapis.com', 'x-goog-api-key'],
    ['DEEPSEEK_API_KEY', 'deepseek', 'anthropic', 'https://api.deepseek.com/anthropic', 'bearer'],
    ['OPENROUTER_API_KEY', 'open_router', 'anthropic', 'https://openrouter.ai/api/v1', 'bearer'],
    ['FIREWORKS_API_KEY', 'fireworks', 'anthropic', 'https://api.fireworks.ai/inference/v1', 'bearer'],
    ['FRIENDLIAI_API_KEY', 'friendliai', 'anthropic', 'https://api.friendli.ai/serverless/v1', 'bearer'],
    ['NVIDIA_NIM_API_KEY', 'nvidia_nim', 'openai-chat', 'https://integrate.api.nvidia.com/v1', 'bearer'],
    ['GROQ_API_KEY', 'groq', 'openai-chat', 'https://api.groq.com/openai/v1', 'bearer'],
    ['CEREBRAS_API_KEY', 'cerebras', 'openai-chat', 'https://api.cerebras.ai/v1', 'bearer'],
    ['TOGETHER_API_KEY', 'together', 'openai-chat', 'https://api.together.xyz/v1', 'bearer'],
    ['KIMI_API_KEYS', 'kimi', 'openai-chat', 'https://api.moonshot.ai/v1', 'bearer'],
  ])('%s → %s (%s) at %s, %s', (variable, id, format, baseUrl, authStyle) => {
    const { upstreams, issues } = upstreamsFromEnv({ [variable]: 'key-1' }, { takenIds: NO_IDS });
    expect(issues).toEqual([]);
    expect(upstreams).toHaveLength(1);
    expect(upstreams[0]).toMatchObject({ id, providerId: id, format, baseUrl, authStyle, apiKey: 'key-1' });
    expect(upstreams[0]?.betaPolicy.mode).toBe(format === 'anthropic' ? 'pass' : 'drop-all');
    expect(upstreams[0]?.maxToolNameLength).toBe(format === 'anthropic' ? undefined : 64);
    expect(upstreams[0]?.maxOutputTokens).toBeUndefined();
  });

  it('fills quirks from the catalog', () => {
    const { upstreams } = upstreamsFromEnv(
      { KIMI_API_KEY: 'k', DEEPSEEK_API_KEY: 'd', GROQ_API_KEY: 'g' },
      { takenIds: NO_IDS },
    );
    expect(upstreams.map((upstream) => [upstream.id, upstream.replayReasoning])).toEqual([
      ['deepseek', true],
      ['groq', false],
      ['kimi', true],
    ]);
    expect(upstreams[0]?.modelMaxOutputTokens).toEqual({
      'deepseek-chat': 8192,
      'deepseek-reasoner': 65_536,
    });
    expect(upstreams[1]?.modelMaxOutputTokens).toEqual({});
  });

  it.each([
    {
      env: { GROQ_BASE_URL: 'http://127.0.0.1:4000/openai/v1/' },
      expected: 'http://127.0.0.1:4000/openai/v1',
    },
    { env: { GROQ_BASE_URL: '  ' }, expected: 'https://api.groq.com/openai/v1' },
    { env: {}, expected: 'https://api.groq.com/openai/v1' },
  ])('GROQ_BASE_URL $env.GROQ_BASE_URL → $expected', ({ env, expected }) => {
    const { upstreams } = upstreamsFromEnv({ GROQ_API_KEY: 'g', ...env }, { takenIds: NO_IDS });
    expect(upstreams[0]?.baseUrl).toBe(expected);
  });

  it.each([
    ['NVIDIA_NIM_API_KEY', 'NVIDIA_NIM_BASE_URL'],
    ['CEREBRAS_API_KEY', 'CEREBRAS_BASE_URL'],
    ['TOGETHER_API_KEY', 'TOGETHER_BASE_URL'],
    ['KIMI_API_KEY', 'KIMI_BASE_URL'],
    ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
    ['GEMINI_API_KEY', 'GEMINI_BASE_URL'],
    ['DEEPSEEK_API_KEY', 'DEEPSEEK_BASE_URL'],
    ['OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL'],
  ])('%s upstream follows %s', (keyVariable, baseUrlVariable) => {
    const env = { [keyVariable]: 'k', [baseUrlVariable]: 'http://127.0.0.1:5000/v1' };
    expect(upstreamsFromEnv(env, { takenIds: NO_IDS }).upstreams[0]?.baseUrl).toBe(
      'http://127.0.0.1:5000/v1',
    );
  });

  it('ignores ANTHROPIC_BASE_URL (Claude Code uses it to find the gateway)', () => {
    const env = { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'http://127.0.0.1:8317' };
    expect(upstreamsFromEnv(env, { takenIds: NO_IDS }).upstreams[0]?.baseUrl).toBe(
      'https://api.anthropic.com',
    );
  });

  it('reports an invalid *_BASE_URL', () => {
    const { issues } = upstreamsFromEnv(
      { GROQ_API_KEY: 'g', GROQ_BASE_URL: 'api.groq.com' },
      { takenIds: NO_IDS },
    );
    expect(issues).toEqual([
      {
        file: 'environment',
        path: 'GROQ_BASE_URL',
        message: 'expected an http:// or https:// URL, found "api.groq.com"',
      },
    ]);
  });

  it.each([
    { limit: '0', key: true, warnings: [], issues: [] },
    { limit: ' ', key: true, warnings: [], issues: [] },
    { limit: '25', key: true, warnings: [], issues: [] },
    { limit: '25', key: false, warnings: [], issues: [] },
    {
      limit: '-1',
      key: false,
      warnings: [],
      issues: ['expected a whole number of requests per key (0 = no proactive rotation), found "-1"'],
    },
  ])('GROQ_KEY_USAGE_LIMIT=$limit (key set: $key)', ({ limit, key, warnings, issues }) => {
    const env = { GROQ_KEY_USAGE_LIMIT: limit, ...(key ? { GROQ_API_KEY: 'g' } : {}) };
    const result = upstreamsFromEnv(env, { takenIds: NO_IDS });
    expect(result.warnings).toEqual(warnings);
    expect(result.issues.map((issue) => issue.message)).toEqual(issues);
  });
});

describe('keyedAuthStyle', () => {
  it.each([
    { style: 'x-api-key', expected: 'x-api-key' },
    { style: 'bearer', expected: 'bearer' },
    { style: 'none', expected: 'x-api-key' },
    { style: undefined, expected: 'x-api-key' },
  ] as const)('$style → $expected', ({ style, expected }) => {
    expect(keyedAuthStyle(style)).toBe(expected);
  });
});
