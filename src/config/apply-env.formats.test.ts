import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { keyedAuthStyle, upstreamsFromEnv } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { createCredential } from '../routing/credential.js';
import { DEFAULTS } from './switchboard-config.js';

const NO_IDS: ReadonlySet<string> = new Set();

describe('upstreamsFromEnv: Gemini (GEMINI_API_KEY)', () => {
  it('makes the gemini upstream: x-goog-api-key, Google API, betas dropped, 64-character tool names', () => {
    const { upstreams, warnings, issues } = upstreamsFromEnv(
      { GEMINI_API_KEY: ' AIza-1 ' },
      { takenIds: NO_IDS },
    );
    expect([warnings, issues]).toEqual([[], []]);
    expect(upstreams).toEqual([
      {
        id: 'gemini',
        providerId: 'gemini',
        format: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com',
        apiKey: 'AIza-1',
        credentials: [createCredential('gemini', { apiKey: 'AIza-1' })],
        cooldownPolicy: DEFAULT_COOLDOWN_POLICY,
        limits: DEFAULTS.limits,
        authStyle: 'x-goog-api-key',
        headers: {},
        proxyUrl: undefined,
        models: [],
        excludedModels: [],
        betaPolicy: { mode: 'drop-all' },
        countTokens: false,
        replayReasoning: false,
        maxToolNameLength: 64,
        maxOutputTokens: undefined,
        modelMaxOutputTokens: {},
        source: 'env',
        origin: 'env GEMINI_API_KEY',
      },
    ]);
  });

  it.each([
    {
      name: 'GEMINI_BASE_URL',
      env: { GEMINI_BASE_URL: 'http://127.0.0.1:9000/' },
      field: 'baseUrl',
      value: 'http://127.0.0.1:9000',
    },
    {
      name: 'blank GEMINI_BASE_URL',
      env: { GEMINI_BASE_URL: ' ' },
      field: 'baseUrl',
      value: 'https://generativelanguage.googleapis.com',
    },
    {
      name: 'GEMINI_PROXY',
      env: { GEMINI_PROXY: 'socks5://127.0.0.1:1080' },
      field: 'proxyUrl',
      value: 'socks5://127.0.0.1:1080',
    },
    {
      name: 'GEMINI_API_KEYS',
      env: { GEMINI_API_KEY: '', GEMINI_API_KEYS: 'k2, k3' },
      field: 'apiKey',
      value: 'k2',
    },
  ] as const)('$name → $field $value', ({ env, field, value }) => {
    const { upstreams } = upstreamsFromEnv({ GEMINI_API_KEY: 'k1', ...env }, { takenIds: NO_IDS });
    expect(upstreams[0]?.[field]).toBe(value);
  });

  it('reports an invalid GEMINI_BASE_URL', () => {
    const { issues } = upstreamsFromEnv(
      { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: 'generativelanguage.googleapis.com' },
      { takenIds: NO_IDS },
    );
    expect(issues).toEqual([
      {
        file: 'environment',
        path: 'GEMINI_BASE_URL',
        message: 'expected an http:// or https:// URL, found "generativelanguage.googleapis.com"',
      },
    ]);
  });

  it('rejects a GEMINI_BASE_URL pointing at the gateway itself (compileConfig)', () => {
    const { raw } = parseConfigText('', 'config.yaml');
    const env = { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: 'http://localhost:8317' };
    expect(() => compileConfig(raw, { env })).toThrow(ConfigError);
  });
});

describe('upstreamsFromEnv: OPENAI_RESPONSES', () => {
  it.each<{ value: string | undefined; format: string; issues: string[] }>([
    { value: undefined, format: 'openai-chat', issues: [] },
    { value: ' ', format: 'openai-chat', issues: [] },
    { value: '1', format: 'openai-responses', issues: [] },
    { value: 'TRUE', format: 'openai-responses', issues: [] },
    { value: 'yes', format: 'openai-responses', issues: [] },
    { value: '0', format: 'openai-chat', issues: [] },
    { value: 'no', format: 'openai-chat', issues: [] },
    {
      value: 'responses',
      format: 'openai-chat',
      issues: ['expected true, false, 1, 0, yes or no, found "responses"'],
    },
  ])('OPENAI_RESPONSES=$value → $format', ({ value, format, issues }) => {
    const env: Environment = { OPENAI_API_KEY: 'sk', OPENAI_RESPONSES: value };
    const result = upstreamsFromEnv(env, { takenIds: NO_IDS });
    expect(result.upstreams[0]).toMatchObject({
      id: 'openai',
      providerId: 'openai',
      format,
      baseUrl: 'https://api.openai.com/v1',
      authStyle: 'bearer',
      betaPolicy: { mode: 'drop-all' },
      countTokens: false,
      maxToolNameLength: 64,
    });
    expect(result.issues.map((issue) => [issue.path, issue.message])).toEqual(
      issues.map((message) => ['OPENAI_RESPONSES', message]),
    );
  });

  it('follows OPENAI_BASE_URL, and is ignored by every other provider', () => {
    const env = {
      OPENAI_API_KEY: 'sk',
      OPENAI_RESPONSES: '1',
      OPENAI_BASE_URL: 'http://127.0.0.1:4000/v1',
      GROQ_API_KEY: 'g',
    };
    const { upstreams } = upstreamsFromEnv(env, { takenIds: NO_IDS });
    expect(upstreams.map((upstream) => [upstream.id, upstream.format, upstream.baseUrl])).toEqual([
      ['openai', 'openai-responses', 'http://127.0.0.1:4000/v1'],
      ['groq', 'openai-chat', 'https://api.groq.com/openai/v1'],
    ]);
  });

  it('adds nothing without OPENAI_API_KEY', () => {
    expect(upstreamsFromEnv({ OPENAI_RESPONSES: '1' }, { takenIds: NO_IDS }).upstreams).toEqual([]);
  });
});

describe('keyedAuthStyle with a format', () => {
  it.each([
    { style: 'x-goog-api-key', format: 'gemini', expected: 'x-goog-api-key' },
    { style: 'x-goog-api-key', format: undefined, expected: 'x-goog-api-key' },
    { style: 'x-goog-api-key', format: 'anthropic', expected: 'x-api-key' },
    { style: 'bearer', format: 'openai-responses', expected: 'bearer' },
    { style: 'none', format: 'gemini', expected: 'x-api-key' },
  ] as const)('$style on $format → $expected', ({ style, format, expected }) => {
    expect(keyedAuthStyle(style, format)).toBe(expected);
  });
});
