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

function issuesOf(text: string): readonly ConfigIssue[] {
  try {
    compile(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Compiles one `codex-api-key` entry written as indented YAML lines after `- `. */
function onlyUpstream(entry: string): UpstreamConfig {
  const [upstream, ...rest] = compile(`codex-api-key:\n  - ${entry}\n`).config.upstreams;
  expect(rest).toEqual([]);
  if (upstream === undefined) throw new Error('no upstream');
  return upstream;
}

describe('compileConfig: codex-api-key entries', () => {
  it.each([
    {
      name: 'seed 002 example: prefix, base URL, headers, aliased model, excluded globs',
      entry:
        'api-key: "sk-x"\n    prefix: "prod"\n    base-url: "https://api.openai.com/v1/"\n    proxy-url: ""\n    headers:\n      X-Team: "cli"\n    models:\n      - name: "gpt-5"\n        alias: "g5"\n    excluded-models:\n      - "*-mini"\n      - "*codex*"',
      expected: {
        id: 'prod',
        prefix: 'prod',
        providerId: 'openai',
        format: 'openai-responses',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'sk-x',
        authStyle: 'bearer',
        headers: { 'X-Team': 'cli' },
        proxyUrl: undefined,
        models: [{ name: 'gpt-5', alias: 'g5' }],
        excludedModels: ['*-mini', '*codex*'],
        betaPolicy: { mode: 'drop-all' },
        countTokens: false,
        replayReasoning: false,
        maxToolNameLength: 64,
        maxOutputTokens: undefined,
        modelMaxOutputTokens: {},
        source: 'config',
        origin: 'codex-api-key[0]',
      },
    },
    {
      name: "key only: id openai, OpenAI's API",
      entry: 'api-key: " sk-y "',
      expected: {
        id: 'openai',
        providerId: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'sk-y',
        authStyle: 'bearer',
      },
    },
    {
      name: 'relay of an unknown host stays provider openai',
      entry: 'api-key: k\n    base-url: "https://relay.example.com/v1"',
      expected: { id: 'openai', providerId: 'openai', baseUrl: 'https://relay.example.com/v1' },
    },
    {
      name: 'a known host names its provider (and its caps)',
      entry: 'api-key: k\n    base-url: "https://api.deepseek.com/v1"',
      expected: {
        id: 'deepseek',
        providerId: 'deepseek',
        format: 'openai-responses',
        maxToolNameLength: 64,
        modelMaxOutputTokens: { 'deepseek-chat': 8192, 'deepseek-reasoner': 65_536 },
      },
    },
    {
      name: 'a local port names its server',
      entry: 'base-url: "http://localhost:1234/v1"',
      expected: { id: 'lmstudio', providerId: 'lmstudio', apiKey: '', authStyle: 'none' },
    },
    {
      name: 'entry proxy, and per-model max-tokens over the entry cap',
      entry:
        'name: codex\n    api-key: k\n    proxy-url: "http://proxy:3128"\n    max-tokens: 32000\n    models:\n      - name: gpt-5-codex\n        max-tokens: 128000',
      expected: {
        id: 'codex',
        proxyUrl: 'http://proxy:3128',
        maxOutputTokens: 32000,
        modelMaxOutputTokens: { 'gpt-5-codex': 128_000 },
      },
    },
  ])('$name', ({ entry, expected }) => {
    expect(onlyUpstream(entry)).toMatchObject(expected);
  });

  it('comes last of the file sections; keeps clear of names; an env key of the same id is skipped', () => {
    const { config, warnings } = compile(
      'codex-api-key:\n  - api-key: a\n  - api-key: b\n    prefix: openai\ngemini-api-key:\n  - name: openai-2\n    api-key: c\n',
      { OPENAI_API_KEY: 'from-env' },
    );
    expect(config.upstreams.map((upstream) => [upstream.id, upstream.format])).toEqual([
      ['openai-2', 'gemini'],
      ['openai', 'openai-responses'],
      ['openai-3', 'openai-responses'],
    ]);
    expect(warnings).toEqual([
      'OPENAI_API_KEY is set but not used: the config file already defines upstream "openai"',
    ]);
  });

  it('rejects a name another section uses, at the line of the repeat', () => {
    const text =
      'openai-compatibility:\n  - name: main\n    base-url: "https://x.example/v1"\ncodex-api-key:\n  - name: main\n';
    expect(issuesOf(text)).toEqual([
      {
        file: FILE,
        line: 5,
        path: 'codex-api-key[0].name',
        message: 'expected a unique name, found "main" again (first used by openai-compatibility[0])',
      },
    ]);
  });

  it('rejects a base URL that is the gateway itself, at its line', () => {
    expect(issuesOf('codex-api-key:\n  - api-key: k\n    base-url: "http://127.0.0.1:8317/v1"\n')).toEqual([
      expect.objectContaining({ line: 3, path: 'codex-api-key[0].base-url' }),
    ]);
  });

  it.each([
    {
      name: 'bad base-url',
      entry: 'api-key: k\n    base-url: "api.openai.com/v1"',
      line: 3,
      path: 'codex-api-key[0].base-url',
      message: 'expected an http:// or https:// URL, or "" for OpenAI\'s API, found "api.openai.com/v1"',
    },
    {
      name: 'header with a line break',
      entry: 'api-key: k\n    headers:\n      X-Team: "a\\nb"',
      line: 4,
      path: 'codex-api-key[0].headers.X-Team',
      message: expect.stringMatching(/^expected a header value without line breaks/) as unknown,
    },
    {
      name: 'unknown key with a suggestion',
      entry: 'api-key: k\n    base_url: "https://x.example"',
      line: 3,
      path: 'codex-api-key[0].base_url',
      message: 'unknown key "base_url"; did you mean "base-url"?',
    },
    {
      name: 'models not a list',
      entry: 'api-key: k\n    models: gpt-5',
      line: 3,
      path: 'codex-api-key[0].models',
      message: 'expected a list, found "gpt-5"',
    },
  ])('reports $name with its line', ({ entry, line, path, message }) => {
    expect(issuesOf(`codex-api-key:\n  - ${entry}\n`)).toEqual([{ file: FILE, line, path, message }]);
  });
});
