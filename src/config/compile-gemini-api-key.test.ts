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

/** Compiles one `gemini-api-key` entry written as indented YAML lines after `- `. */
function onlyUpstream(entry: string): UpstreamConfig {
  const [upstream, ...rest] = compile(`gemini-api-key:\n  - ${entry}\n`).config.upstreams;
  expect(rest).toEqual([]);
  if (upstream === undefined) throw new Error('no upstream');
  return upstream;
}

describe('compileConfig: gemini-api-key entries', () => {
  it.each([
    {
      name: 'seed 002 example: prefix, base URL, proxy, headers, aliased model, excluded globs',
      entry:
        'api-key: "AIzaSy-x"\n    prefix: "test"\n    base-url: "https://generativelanguage.googleapis.com/"\n    proxy-url: "socks5://user:pass@proxy.com:1080"\n    headers:\n      X-Custom-Header: "value"\n    models:\n      - name: "gemini-2.5-pro"\n        alias: "g2.5p"\n    excluded-models:\n      - "gemini-1.5-pro"\n      - "*-preview"\n      - "*flash*"',
      expected: {
        id: 'test',
        prefix: 'test',
        providerId: 'gemini',
        format: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com',
        apiKey: 'AIzaSy-x',
        authStyle: 'x-goog-api-key',
        headers: { 'X-Custom-Header': 'value' },
        proxyUrl: 'socks5://user:pass@proxy.com:1080',
        models: [{ name: 'gemini-2.5-pro', alias: 'g2.5p' }],
        excludedModels: ['gemini-1.5-pro', '*-preview', '*flash*'],
        betaPolicy: { mode: 'drop-all' },
        countTokens: false,
        replayReasoning: false,
        maxToolNameLength: 64,
        maxOutputTokens: undefined,
        modelMaxOutputTokens: {},
        source: 'config',
        origin: 'gemini-api-key[0]',
      },
    },
    {
      name: "key only: id gemini, Google's API",
      entry: 'api-key: " AIzaSy-y "',
      expected: {
        id: 'gemini',
        prefix: undefined,
        baseUrl: 'https://generativelanguage.googleapis.com',
        apiKey: 'AIzaSy-y',
        authStyle: 'x-goog-api-key',
      },
    },
    {
      name: 'empty base-url means Google',
      entry: 'api-key: k\n    base-url: ""',
      expected: { baseUrl: 'https://generativelanguage.googleapis.com' },
    },
    {
      name: 'no key: no credential header',
      entry: 'name: relay\n    base-url: "http://10.0.0.5:8080/"',
      expected: { id: 'relay', apiKey: '', authStyle: 'none', baseUrl: 'http://10.0.0.5:8080' },
    },
    {
      name: 'name wins over prefix',
      entry: 'name: g-main\n    prefix: g\n    api-key: k',
      expected: { id: 'g-main', prefix: 'g' },
    },
    {
      name: 'entry and per-model max-tokens',
      entry:
        'api-key: k\n    max-tokens: 8192\n    models:\n      - name: gemini-2.5-flash\n        max-tokens: 65536',
      expected: { maxOutputTokens: 8192, modelMaxOutputTokens: { 'gemini-2.5-flash': 65_536 } },
    },
  ])('$name', ({ entry, expected }) => {
    expect(onlyUpstream(entry)).toMatchObject(expected);
  });

  it('numbers generated ids and keeps explicit names, across sections', () => {
    const { config } = compile(
      'openai-compatibility:\n  - name: gemini\n    base-url: "https://x.example/v1"\ngemini-api-key:\n  - api-key: a\n  - api-key: b\n    base-url: "https://b.example"\n  - name: gemini-3\n    api-key: c\n  - api-key: d\n    base-url: "https://d.example"\n',
    );
    expect(config.upstreams.map((upstream) => upstream.id)).toEqual([
      'gemini',
      'gemini-2',
      'gemini-4',
      'gemini-3',
      'gemini-5',
    ]);
  });

  it('uses the global proxy-url when the entry has none', () => {
    const { config } = compile('proxy-url: "http://proxy:3128"\ngemini-api-key:\n  - api-key: k\n');
    expect(config.upstreams[0]?.proxyUrl).toBe('http://proxy:3128');
  });

  it('comes after openai-compatibility entries and before env upstreams; no "not used yet" warning', () => {
    const { config, warnings } = compile(
      'gemini-api-key:\n  - api-key: a\nclaude-api-key:\n  - api-key: b\n',
      { GEMINI_API_KEY: 'from-env', GROQ_API_KEY: 'g' },
    );
    expect(config.upstreams.map((upstream) => [upstream.id, upstream.source])).toEqual([
      ['anthropic', 'config'],
      ['gemini', 'config'],
      ['groq', 'env'],
    ]);
    expect(warnings).toEqual([
      'GEMINI_API_KEY is set but not used: the config file already defines upstream "gemini"',
    ]);
  });

  it('rejects a name another section uses, at the line of the repeat', () => {
    expect(issuesOf('claude-api-key:\n  - name: main\ngemini-api-key:\n  - name: main\n')).toEqual([
      {
        file: FILE,
        line: 4,
        path: 'gemini-api-key[0].name',
        message: 'expected a unique name, found "main" again (first used by claude-api-key[0])',
      },
    ]);
  });

  it.each([
    {
      name: 'bad base-url',
      entry: 'api-key: k\n    base-url: "generativelanguage.googleapis.com"',
      line: 3,
      path: 'gemini-api-key[0].base-url',
      message:
        'expected an http:// or https:// URL, or "" for Google\'s Gemini API, found "generativelanguage.googleapis.com"',
    },
    {
      name: 'prefix with a slash',
      entry: 'api-key: k\n    prefix: "a/b"',
      line: 3,
      path: 'gemini-api-key[0].prefix',
      message:
        'expected only letters, digits, ".", "_" and "-" (no "/": it names the upstream in "upstream/model"), found "a/b"',
    },
    {
      name: 'bad proxy-url',
      entry: 'api-key: k\n    proxy-url: "ftp://proxy"',
      line: 3,
      path: 'gemini-api-key[0].proxy-url',
      message: 'expected an http://, https:// or socks5:// URL, or "", found a string (value not shown)',
    },
    {
      name: 'unknown key with a suggestion',
      entry: 'api-key: k\n    excluded_models: ["*"]',
      line: 3,
      path: 'gemini-api-key[0].excluded_models',
      message: 'unknown key "excluded_models"; did you mean "excluded-models"?',
    },
    {
      name: 'model without a name',
      entry: 'api-key: k\n    models:\n      - alias: g',
      line: 4,
      path: 'gemini-api-key[0].models[0].name',
      message: 'expected a string, but the key is missing',
    },
    {
      name: 'max-tokens zero',
      entry: 'api-key: k\n    max-tokens: 0',
      line: 3,
      path: 'gemini-api-key[0].max-tokens',
      message: 'expected a number of at least 1, found 0',
    },
  ])('reports $name with its line', ({ entry, line, path, message }) => {
    expect(issuesOf(`gemini-api-key:\n  - ${entry}\n`)).toEqual([{ file: FILE, line, path, message }]);
  });

  it('does not show a key in a validation message', () => {
    const issues = issuesOf('gemini-api-key:\n  - api-key: 12345\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).not.toContain('12345');
  });
});
