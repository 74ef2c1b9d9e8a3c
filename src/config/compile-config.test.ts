import { describe, expect, it } from 'vitest';
import type { CompileConfigOptions } from './compile-config.js';
import { compileConfig, isLoopbackHost } from './compile-config.js';
import { ConfigError } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import type { UpstreamConfig } from './switchboard-config.js';

const FILE = '/home/me/.switchboard/config.yaml';

/** Parses `text` and compiles it with `options` (no env unless given). */
function compile(text: string, options: Partial<CompileConfigOptions> = {}) {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env: {}, sourcePath: FILE, lineOf, ...options });
}

function issuesOf(text: string, options: Partial<CompileConfigOptions> = {}): readonly ConfigIssue[] {
  try {
    compile(text, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function onlyUpstream(text: string): UpstreamConfig {
  const [upstream, ...rest] = compile(text).config.upstreams;
  expect(rest).toEqual([]);
  if (upstream === undefined) throw new Error('no upstream');
  return upstream;
}

describe('compileConfig: top-level keys', () => {
  it('applies defaults to an empty file', () => {
    expect(compile('').config).toEqual({
      host: '127.0.0.1',
      port: 8317,
      apiKeys: [],
      debug: false,
      requestRetry: 3,
      maxRetryIntervalMs: 30_000,
      retryBaseDelayMs: 500,
      fallbacks: new Map(),
      quotaExceeded: { switchPreviewModel: true, switchProject: true },
      router: { longContextThreshold: 60_000 },
      providerLimits: {
        rateLimit: 0,
        rateWindowMs: 60_000,
        maxConcurrency: 0,
        queueSize: 256,
        queueTimeoutMs: 60_000,
      },
      timeouts: { connectMs: 10_000, writeMs: 10_000, readMs: 600_000 },
      tls: { enabled: false },
      remoteManagement: { allowRemote: false, secretKey: undefined, disableControlPanel: false },
      payload: { defaults: [], overrides: [] },
      logging: { toFile: false, maxTotalSizeBytes: 0, rawApiPayloads: false, rawSseEvents: false },
      usageStatisticsEnabled: true,
      authDir: undefined,
      proxyUrl: undefined,
      bodyLimitBytes: 32 * 1024 * 1024,
      shutdownGraceMs: 10_000,
      modelRouting: {},
      routing: { strategy: 'round-robin' },
      thinking: {},
      claudeCodeModelIds: true,
      discoverLocal: true,
      upstreams: [],
      sourcePath: FILE,
    });
  });

  it('converts units and reads every key', () => {
    const text = [
      'host: localhost',
      'port: 9000',
      'api-keys: [k1, k2, k1]',
      'debug: true',
      'request-retry: 0',
      'max-retry-interval: 2.5',
      'proxy-url: "socks5://127.0.0.1:1080"',
      'body-limit-mb: 1.5',
      'shutdown-grace-seconds: 0',
      'claude-code-model-ids: false',
      'discover-local: false',
      'model-routing:\n  opus: deepseek/deepseek-chat\n  sonnet: ""\n  haiku: "  "\n  default: qwen3',
    ].join('\n');
    const { config } = compile(text);
    expect(config).toMatchObject({
      host: 'localhost',
      port: 9000,
      apiKeys: ['k1', 'k2'],
      debug: true,
      requestRetry: 0,
      maxRetryIntervalMs: 2500,
      proxyUrl: 'socks5://127.0.0.1:1080',
      bodyLimitBytes: 1.5 * 1024 * 1024,
      shutdownGraceMs: 0,
      claudeCodeModelIds: false,
      discoverLocal: false,
      modelRouting: { opus: 'deepseek/deepseek-chat', default: 'qwen3' },
    });
  });

  it('treats keys with no value as absent', () => {
    expect(compile('port:\nproxy-url:\nclaude-api-key:\nmodel-routing:\n').config).toMatchObject({
      port: 8317,
      proxyUrl: undefined,
      upstreams: [],
      modelRouting: {},
    });
  });

  it('warns once per accepted-but-unused CLIProxyAPI key', () => {
    const { warnings } = compile('commercial-mode: true\nws-auth: false\nrouting:\n');
    expect(warnings).toEqual([
      'commercial-mode is accepted but not used yet',
      'ws-auth is accepted but not used yet',
    ]);
  });

  it('lets overrides win over the file', () => {
    const { config } = compile('host: 127.0.0.2\nport: 9000\n', { overrides: { host: '::1', port: 1234 } });
    expect([config.host, config.port]).toEqual(['::1', 1234]);
  });

  it('accepts --port 0 (the OS picks a free port)', () => {
    expect(compile('port: 9000\n', { overrides: { port: 0 } }).config.port).toBe(0);
  });

  it.each([-1, 65536, 80.5])('rejects --port %s', (port) => {
    expect(issuesOf('', { overrides: { port } })).toEqual([
      { file: 'command line', path: '--port', message: `expected an integer from 0 to 65535, found ${port}` },
    ]);
  });
});

describe('compileConfig: network exposure', () => {
  it.each([
    { host: '127.0.0.1', apiKeys: false, override: undefined, ok: true },
    { host: '127.1.2.3', apiKeys: false, override: undefined, ok: true },
    { host: 'localhost', apiKeys: false, override: undefined, ok: true },
    { host: '::1', apiKeys: false, override: undefined, ok: true },
    { host: '""', apiKeys: false, override: undefined, ok: false },
    { host: '0.0.0.0', apiKeys: false, override: undefined, ok: false },
    { host: '192.168.1.5', apiKeys: false, override: undefined, ok: false },
    { host: '0.0.0.0', apiKeys: true, override: undefined, ok: true },
    { host: '""', apiKeys: true, override: undefined, ok: true },
    { host: '127.0.0.1', apiKeys: false, override: '0.0.0.0', ok: false },
    { host: '0.0.0.0', apiKeys: false, override: '127.0.0.1', ok: true },
  ])('host $host, api-keys $apiKeys, --host $override → ok $ok', ({ host, apiKeys, override, ok }) => {
    const text = `port: 8317\nhost: ${host}\n${apiKeys ? 'api-keys: [secret]\n' : ''}`;
    const options = override === undefined ? {} : { overrides: { host: override } };
    if (ok) {
      expect(() => compile(text, options)).not.toThrow();
      return;
    }
    const [issue, ...rest] = issuesOf(text, options);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject(
      override === undefined
        ? { file: FILE, line: 2, path: 'host' }
        : { file: 'command line', path: '--host' },
    );
    expect(issue?.message).toMatch(/api-keys is empty/);
    expect(issue?.message).toMatch(/paid upstream credentials/);
    expect(issue?.message).toMatch(/bind to 127\.0\.0\.1/);
  });
});

describe('compileConfig: claude-api-key entries', () => {
  it.each([
    {
      name: "no base-url is Anthropic's API",
      entry: 'api-key: sk-ant-1',
      expected: {
        id: 'anthropic',
        providerId: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        authStyle: 'x-api-key',
        countTokens: true,
      },
    },
    {
      name: 'empty base-url is Anthropic too',
      entry: 'api-key: k\n    base-url: ""',
      expected: { id: 'anthropic', providerId: 'anthropic', baseUrl: 'https://api.anthropic.com' },
    },
    {
      name: 'DeepSeek by host, bearer, trailing slashes stripped',
      entry: 'api-key: k\n    base-url: "https://api.deepseek.com/anthropic//"',
      expected: {
        id: 'deepseek',
        providerId: 'deepseek',
        baseUrl: 'https://api.deepseek.com/anthropic',
        authStyle: 'bearer',
        countTokens: false,
      },
    },
    {
      name: 'local server without key: auth none',
      entry: 'base-url: "http://localhost:1234/v1"',
      expected: { id: 'lmstudio', providerId: 'lmstudio', authStyle: 'none', apiKey: '' },
    },
    {
      name: 'local server given a key: x-api-key, not none',
      entry: 'api-key: k\n    base-url: "http://127.0.0.1:11434"',
      expected: { id: 'ollama', providerId: 'ollama', authStyle: 'x-api-key' },
    },
    {
      name: 'unknown host: custom, x-api-key',
      entry: 'api-key: k\n    base-url: "https://relay.example.com/"',
      expected: {
        id: 'custom',
        providerId: 'custom',
        authStyle: 'x-api-key',
        baseUrl: 'https://relay.example.com',
        countTokens: false,
      },
    },
    {
      name: 'unknown host without key: none',
      entry: 'base-url: "https://relay.example.com"',
      expected: { providerId: 'custom', authStyle: 'none' },
    },
    {
      name: 'explicit auth-style and count-tokens win',
      entry: 'base-url: "https://relay.example.com"\n    auth-style: bearer\n    count-tokens: true',
      expected: { authStyle: 'bearer', countTokens: true },
    },
    {
      name: 'prefix names the upstream when there is no name',
      entry: 'api-key: k\n    prefix: team',
      expected: { id: 'team', prefix: 'team', providerId: 'anthropic' },
    },
    {
      name: 'name wins over prefix',
      entry: 'api-key: k\n    prefix: team\n    name: main',
      expected: { id: 'main', prefix: 'team' },
    },
    { name: 'drop-betas true', entry: 'drop-betas: true', expected: { betaPolicy: { mode: 'drop-all' } } },
    { name: 'drop-betas false', entry: 'drop-betas: false', expected: { betaPolicy: { mode: 'pass' } } },
    {
      name: 'drop-betas list',
      entry: 'drop-betas: [context-1m-2025-08-07]',
      expected: { betaPolicy: { mode: 'drop-listed', betas: ['context-1m-2025-08-07'] } },
    },
    { name: 'drop-betas absent', entry: 'api-key: k', expected: { betaPolicy: { mode: 'pass' } } },
    {
      name: 'models, excluded models, headers',
      entry:
        'models:\n      - name: deepseek-chat\n        alias: ds\n      - name: deepseek-reasoner\n        alias: ""\n    excluded-models: ["*-preview", ""]\n    headers:\n      X-Team: cli',
      expected: {
        models: [{ name: 'deepseek-chat', alias: 'ds' }, { name: 'deepseek-reasoner' }],
        excludedModels: ['*-preview'],
        headers: { 'X-Team': 'cli' },
      },
    },
    {
      name: 'constant fields',
      entry: 'api-key: k',
      expected: { format: 'anthropic', source: 'config', origin: 'claude-api-key[0]', proxyUrl: undefined },
    },
  ])('$name', ({ entry, expected }) => {
    expect(onlyUpstream(`claude-api-key:\n  - ${entry}\n`)).toMatchObject(expected);
  });

  it.each([
    {
      name: 'entry proxy wins',
      global: 'http://global:1',
      entry: 'http://entry:2',
      expected: 'http://entry:2',
    },
    {
      name: 'empty entry proxy uses global',
      global: 'http://global:1',
      entry: '',
      expected: 'http://global:1',
    },
    { name: 'no proxy at all', global: '', entry: '', expected: undefined },
  ])('proxy: $name', ({ global, entry, expected }) => {
    const upstream = onlyUpstream(`proxy-url: "${global}"\nclaude-api-key:\n  - proxy-url: "${entry}"\n`);
    expect(upstream.proxyUrl).toBe(expected);
  });

  it('suffixes clashing generated ids, merges same-endpoint items and keeps explicit names', () => {
    const text = [
      'claude-api-key:',
      '  - api-key: a', // anthropic-2 (anthropic is taken by the explicit name below)
      '  - api-key: b', // same endpoint, no name: one upstream with a
      '  - name: anthropic\n    api-key: c',
      '  - prefix: team', // team
      '  - prefix: team\n    base-url: "https://x.example"', // another endpoint: team-2
      '  - base-url: "https://x.example"', // custom
      '  - base-url: "https://y.example"', // custom-2
    ].join('\n');
    expect(compile(text).config.upstreams.map((upstream) => upstream.id)).toEqual([
      'anthropic-2',
      'anthropic',
      'team',
      'team-2',
      'custom',
      'custom-2',
    ]);
  });

  it('rejects a name another section used, with the line of the repeat', () => {
    const text = 'claude-api-key:\n  - name: main\n  - name: other\ncodex-api-key:\n  - name: main\n';
    expect(issuesOf(text)).toEqual([
      {
        file: FILE,
        line: 5,
        path: 'codex-api-key[0].name',
        message: 'expected a unique name, found "main" again (first used by claude-api-key[0])',
      },
    ]);
  });
});

describe('compileConfig: environment', () => {
  it('puts file upstreams first, then env upstreams in catalog order', () => {
    const { config } = compile(
      'claude-api-key:\n  - name: local\n    base-url: "http://localhost:1234/v1"\n',
      {
        env: { FIREWORKS_API_KEY: 'fw', DEEPSEEK_API_KEY: 'ds', ANTHROPIC_API_KEY: 'an' },
      },
    );
    expect(config.upstreams.map((upstream) => [upstream.id, upstream.source])).toEqual([
      ['local', 'config'],
      ['anthropic', 'env'],
      ['deepseek', 'env'],
      ['fireworks', 'env'],
    ]);
  });

  it('does not add an env upstream whose id a file entry has', () => {
    const { config, warnings } = compile('claude-api-key:\n  - api-key: from-file\n', {
      env: { ANTHROPIC_API_KEY: 'from-env' },
    });
    expect(config.upstreams.map((upstream) => upstream.apiKey)).toEqual(['from-file']);
    expect(warnings).toEqual([
      'ANTHROPIC_API_KEY is set but not used: the config file already defines upstream "anthropic"',
    ]);
  });

  it('lets MODEL* variables override model-routing, blank ones not', () => {
    const { config } = compile('model-routing:\n  opus: a/opus\n  haiku: a/haiku\n', {
      env: { MODEL: 'b/default', MODEL_OPUS: 'b/opus', MODEL_HAIKU: '' },
    });
    expect(config.modelRouting).toEqual({ opus: 'b/opus', haiku: 'a/haiku', default: 'b/default' });
  });

  it('uses the global proxy-url for env upstreams without *_PROXY', () => {
    const { config } = compile('proxy-url: "http://proxy:3128"\n', {
      env: { DEEPSEEK_API_KEY: 'ds', OPENROUTER_API_KEY: 'or', OPENROUTER_PROXY: 'socks5://other:1080' },
    });
    expect(config.upstreams.map((upstream) => upstream.proxyUrl)).toEqual([
      'http://proxy:3128',
      'socks5://other:1080',
    ]);
  });

  it('reports an invalid env proxy together with file problems', () => {
    const issues = issuesOf('host: 0.0.0.0\n', { env: { DEEPSEEK_API_KEY: 'ds', DEEPSEEK_PROXY: 'nope' } });
    expect(issues.map((issue) => `${issue.file} ${issue.path}`)).toEqual([
      'environment DEEPSEEK_PROXY',
      `${FILE} host`,
    ]);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    { host: '127.0.0.1', expected: true },
    { host: '127.255.255.254', expected: true },
    { host: 'localhost', expected: true },
    { host: 'LOCALHOST', expected: true },
    { host: '::1', expected: true },
    { host: '[::1]', expected: true },
    { host: '::ffff:127.0.0.1', expected: true },
    { host: '', expected: false },
    { host: '0.0.0.0', expected: false },
    { host: '::', expected: false },
    { host: '127.0.0.256', expected: false },
    { host: '128.0.0.1', expected: false },
    { host: '10.0.0.1', expected: false },
    { host: 'localhost.example.com', expected: false },
    { host: 'example.com', expected: false },
  ])('$host → $expected', ({ host, expected }) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
