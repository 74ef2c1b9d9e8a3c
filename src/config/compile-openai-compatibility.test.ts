import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import type { UpstreamConfig } from './switchboard-config.js';

const FILE = '/home/me/.switchboard/config.yaml';

function compile(text: string, env: Environment = {}) {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env, sourcePath: FILE, lineOf });
}

function issuesOf(text: string, env: Environment = {}): readonly ConfigIssue[] {
  try {
    compile(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Compiles one `openai-compatibility` entry written as indented YAML lines after `- `. */
function onlyUpstream(entry: string): UpstreamConfig {
  const [upstream, ...rest] = compile(`openai-compatibility:\n  - ${entry}\n`).config.upstreams;
  expect(rest).toEqual([]);
  if (upstream === undefined) throw new Error('no upstream');
  return upstream;
}

describe('compileConfig: openai-compatibility entries', () => {
  it.each([
    {
      name: 'seed 002 example: OpenRouter with one key and an aliased model',
      entry:
        'name: openrouter\n    prefix: router\n    base-url: "https://openrouter.ai/api/v1/"\n    api-key-entries:\n      - api-key: "sk-or-v1-x"\n        proxy-url: ""\n    models:\n      - name: "moonshotai/kimi-k2:free"\n        alias: "kimi-k2"',
      expected: {
        id: 'openrouter',
        prefix: 'router',
        providerId: 'open_router',
        format: 'openai-chat',
        baseUrl: 'https://openrouter.ai/api/v1',
        apiKey: 'sk-or-v1-x',
        authStyle: 'bearer',
        proxyUrl: undefined,
        models: [{ name: 'moonshotai/kimi-k2:free', alias: 'kimi-k2' }],
        countTokens: false,
        betaPolicy: { mode: 'drop-all' },
        replayReasoning: false,
        maxToolNameLength: 64,
        source: 'config',
        origin: 'openai-compatibility[0]',
      },
    },
    {
      name: 'no key: no credential header',
      entry: 'name: local\n    base-url: "http://10.0.0.5:8000/v1"',
      expected: {
        id: 'local',
        providerId: 'custom',
        apiKey: '',
        authStyle: 'none',
        modelMaxOutputTokens: {},
      },
    },
    {
      name: 'blank keys are skipped; the entry proxy of the key used applies',
      entry:
        'name: g\n    base-url: "https://api.groq.com/openai/v1"\n    api-key-entries:\n      - api-key: ""\n      - api-key: " gsk-1 "\n        proxy-url: "socks5://127.0.0.1:1080"',
      expected: { apiKey: 'gsk-1', proxyUrl: 'socks5://127.0.0.1:1080', providerId: 'groq' },
    },
    {
      name: 'legacy api-keys list',
      entry: 'name: t\n    base-url: "https://api.together.xyz/v1"\n    api-keys: ["tg-1"]',
      expected: { apiKey: 'tg-1', authStyle: 'bearer', providerId: 'together' },
    },
    {
      name: 'provider guessed from the host brings its quirks',
      entry: 'name: moonshot\n    base-url: "https://api.moonshot.cn/v1"',
      expected: { providerId: 'kimi', replayReasoning: true, maxToolNameLength: 64 },
    },
    {
      name: 'DeepSeek OpenAI endpoint: caps and reasoning replay from the catalog',
      entry: 'name: ds\n    base-url: "https://api.deepseek.com/v1"',
      expected: {
        providerId: 'deepseek',
        replayReasoning: true,
        maxToolNameLength: 64,
        modelMaxOutputTokens: { 'deepseek-chat': 8192, 'deepseek-reasoner': 65_536 },
      },
    },
    {
      name: 'explicit provider wins over the host guess',
      entry: 'name: lan\n    base-url: "http://10.0.0.5:8000/v1"\n    provider: kimi',
      expected: { providerId: 'kimi', replayReasoning: true },
    },
    {
      name: 'entry max-tokens: default cap, and lowers catalog caps above it',
      entry: 'name: ds\n    base-url: "https://api.deepseek.com/v1"\n    max-tokens: 4096',
      expected: {
        maxOutputTokens: 4096,
        modelMaxOutputTokens: { 'deepseek-chat': 4096, 'deepseek-reasoner': 4096 },
      },
    },
    {
      name: 'per-model max-tokens wins over the catalog',
      entry:
        'name: ds\n    base-url: "https://api.deepseek.com/v1"\n    max-tokens: 4096\n    models:\n      - name: deepseek-chat\n        max-tokens: 16000\n      - name: other\n        max-tokens: 100',
      expected: {
        maxOutputTokens: 4096,
        models: [{ name: 'deepseek-chat' }, { name: 'other' }],
        modelMaxOutputTokens: { 'deepseek-chat': 16000, 'deepseek-reasoner': 4096, other: 100 },
      },
    },
    {
      name: 'headers and excluded models',
      entry:
        'name: h\n    base-url: "https://relay.example.com/v1"\n    headers:\n      X-Team: cli\n    excluded-models: ["*-preview", " "]',
      expected: { headers: { 'X-Team': 'cli' }, excludedModels: ['*-preview'], providerId: 'custom' },
    },
  ])('$name', ({ entry, expected }) => {
    expect(onlyUpstream(entry)).toMatchObject(expected);
  });

  it('uses the global proxy-url when the key has none', () => {
    const { config } = compile(
      'proxy-url: "http://proxy:3128"\nopenai-compatibility:\n  - name: a\n    base-url: "https://x.example/v1"\n    api-key-entries:\n      - api-key: k\n',
    );
    expect(config.upstreams[0]?.proxyUrl).toBe('http://proxy:3128');
  });

  it('pools every key: api-key, then api-key-entries, then api-keys; each key once; no warning', () => {
    const { config, warnings } = compile(
      'openai-compatibility:\n  - name: a\n    base-url: "https://x.example/v1"\n    api-key: secret-0\n    weight: 3\n    api-key-entries:\n      - api-key: secret-1\n        priority: 2\n      - api-key: secret-2\n        proxy-url: "http://p:1"\n        prefix: team\n    api-keys: [secret-3, secret-1]\n',
    );
    const upstream = config.upstreams[0];
    expect(upstream?.apiKey).toBe('secret-0');
    expect(upstream?.authStyle).toBe('bearer');
    expect(
      upstream?.credentials.map(({ apiKey, weight, priority, prefix, proxyUrl }) => [
        apiKey,
        weight,
        priority,
        prefix,
        proxyUrl,
      ]),
    ).toEqual([
      ['secret-0', 3, 0, undefined, undefined],
      ['secret-1', 3, 2, undefined, undefined],
      ['secret-2', 3, 0, 'team', 'http://p:1'],
      ['secret-3', 3, 0, undefined, undefined],
    ]);
    expect(warnings).toEqual([]);
  });

  it('rejects a name repeated inside openai-compatibility (no merging there)', () => {
    const text =
      'openai-compatibility:\n  - name: a\n    base-url: "https://x.example/v1"\n  - name: a\n    base-url: "https://x.example/v1"\n';
    expect(issuesOf(text)).toEqual([
      {
        file: FILE,
        line: 4,
        path: 'openai-compatibility[1].name',
        message: 'expected a unique name, found "a" again (first used by openai-compatibility[0])',
      },
    ]);
  });

  it('comes after claude-api-key entries, before env upstreams; no "not used yet" warning', () => {
    const { config, warnings } = compile(
      'claude-api-key:\n  - api-key: a\nopenai-compatibility:\n  - name: groq\n    base-url: "https://api.groq.com/openai/v1"\n',
      { GROQ_API_KEY: 'from-env', KIMI_API_KEY: 'k' },
    );
    expect(config.upstreams.map((upstream) => [upstream.id, upstream.source])).toEqual([
      ['anthropic', 'config'],
      ['groq', 'config'],
      ['kimi', 'env'],
    ]);
    expect(warnings).toEqual([
      'GROQ_API_KEY is set but not used: the config file already defines upstream "groq"',
    ]);
  });

  it('keeps generated claude-api-key ids clear of openai-compatibility names', () => {
    const { config } = compile(
      'claude-api-key:\n  - api-key: a\nopenai-compatibility:\n  - name: anthropic\n    base-url: "https://x.example/v1"\n',
    );
    expect(config.upstreams.map((upstream) => upstream.id)).toEqual(['anthropic-2', 'anthropic']);
  });

  it('rejects a name used by both sections, at the line of the repeat', () => {
    const text =
      'claude-api-key:\n  - name: main\nopenai-compatibility:\n  - name: main\n    base-url: "https://x.example"\n';
    expect(issuesOf(text)).toEqual([
      {
        file: FILE,
        line: 4,
        path: 'openai-compatibility[0].name',
        message: 'expected a unique name, found "main" again (first used by claude-api-key[0])',
      },
    ]);
  });

  it.each([
    {
      name: 'missing name',
      entry: 'base-url: "https://x.example"',
      line: 2,
      path: 'openai-compatibility[0].name',
      message: 'expected a string, but the key is missing',
    },
    {
      name: 'empty name',
      entry: 'name: ""\n    base-url: "https://x.example"',
      line: 2,
      path: 'openai-compatibility[0].name',
      message: 'expected a non-empty string, found an empty string',
    },
    {
      name: 'name with a slash',
      entry: 'name: "a/b"\n    base-url: "https://x.example"',
      line: 2,
      path: 'openai-compatibility[0].name',
      message:
        'expected only letters, digits, ".", "_" and "-" (no "/": it names the upstream in "upstream/model"), found "a/b"',
    },
    {
      name: 'missing base-url',
      entry: 'name: a',
      line: 2,
      path: 'openai-compatibility[0].base-url',
      message: 'expected a string, but the key is missing',
    },
    {
      name: 'bad base-url',
      entry: 'name: a\n    base-url: "api.groq.com/openai/v1"',
      line: 3,
      path: 'openai-compatibility[0].base-url',
      message: 'expected an http:// or https:// URL, found "api.groq.com/openai/v1"',
    },
    {
      name: 'unknown key with a suggestion',
      entry: 'name: a\n    base_url: "https://x.example"\n    base-url: "https://x.example"',
      line: 3,
      path: 'openai-compatibility[0].base_url',
      message: 'unknown key "base_url"; did you mean "base-url"?',
    },
    {
      name: 'unknown key inside api-key-entries',
      entry: 'name: a\n    base-url: "https://x.example"\n    api-key-entries:\n      - apikey: k',
      line: 5,
      path: 'openai-compatibility[0].api-key-entries[0].apikey',
      message: 'unknown key "apikey"; did you mean "api-key"?',
    },
    {
      name: 'unknown provider',
      entry: 'name: a\n    base-url: "https://x.example"\n    provider: grok',
      line: 4,
      path: 'openai-compatibility[0].provider',
      message: expect.stringMatching(
        /^expected one of "anthropic", "openai", .*"groq".*, found "grok"$/,
      ) as unknown,
    },
    {
      name: 'max-tokens zero',
      entry: 'name: a\n    base-url: "https://x.example"\n    max-tokens: 0',
      line: 4,
      path: 'openai-compatibility[0].max-tokens',
      message: 'expected a number of at least 1, found 0',
    },
  ])('reports $name with its line', ({ entry, line, path, message }) => {
    expect(issuesOf(`openai-compatibility:\n  - ${entry}\n`)).toEqual([{ file: FILE, line, path, message }]);
  });

  it('does not show a key in a validation message', () => {
    const issues = issuesOf(
      'openai-compatibility:\n  - name: a\n    base-url: "https://x.example"\n    api-key-entries:\n      - api-key: 12345\n',
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).not.toContain('12345');
  });
});
