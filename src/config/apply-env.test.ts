import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { applyModelRoutingEnv, keyedAuthStyle, upstreamsFromEnv } from './apply-env.js';
import type { ModelRouting } from './switchboard-config.js';

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
        authStyle: 'x-api-key',
        headers: {},
        proxyUrl: undefined,
        models: [],
        excludedModels: [],
        betaPolicy: { mode: 'pass' },
        countTokens: true,
        source: 'env',
        origin: 'env ANTHROPIC_API_KEY',
      },
      {
        id: 'open_router',
        providerId: 'open_router',
        format: 'anthropic',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKey: 'or-key',
        authStyle: 'bearer',
        headers: {},
        proxyUrl: undefined,
        models: [],
        excludedModels: [],
        betaPolicy: { mode: 'pass' },
        countTokens: false,
        source: 'env',
        origin: 'env OPENROUTER_API_KEY',
      },
    ]);
  });

  it.each([
    { name: 'blank key is unset', env: { DEEPSEEK_API_KEY: '  ' }, key: undefined, warnings: 0 },
    { name: 'single key trimmed', env: { DEEPSEEK_API_KEY: ' k1 ' }, key: 'k1', warnings: 0 },
    { name: 'one key in *_KEYS', env: { DEEPSEEK_API_KEYS: 'k1' }, key: 'k1', warnings: 0 },
    { name: 'comma list takes the first', env: { DEEPSEEK_API_KEYS: 'k1,k2' }, key: 'k1', warnings: 1 },
    {
      name: 'space list takes the first',
      env: { DEEPSEEK_API_KEYS: ' k1  k2\nk3 ' },
      key: 'k1',
      warnings: 1,
    },
    {
      name: '*_KEY comes before *_KEYS',
      env: { DEEPSEEK_API_KEY: 'k0', DEEPSEEK_API_KEYS: 'k1, k2' },
      key: 'k0',
      warnings: 1,
    },
    {
      name: 'duplicates count once',
      env: { DEEPSEEK_API_KEY: 'k1', DEEPSEEK_API_KEYS: 'k1' },
      key: 'k1',
      warnings: 0,
    },
  ])('keys: $name', ({ env, key, warnings }) => {
    const result = upstreamsFromEnv(env, { takenIds: NO_IDS });
    expect(result.upstreams[0]?.apiKey).toBe(key);
    expect(result.warnings).toHaveLength(warnings);
    for (const warning of result.warnings) {
      expect(warning).toMatch(/only the first is used for now \(key pools come later\)/);
      expect(warning).not.toMatch(/k[0-3]\b/);
    }
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
