import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import { closestKey, parseConfigText } from './parse-config-text.js';

const FILE = '/home/me/.switchboard/config.yaml';

/** Runs `parseConfigText` and returns its issues (fails the test when it does not throw). */
function issuesOf(text: string): readonly ConfigIssue[] {
  try {
    parseConfigText(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfigText: valid files', () => {
  it.each([
    { name: 'empty file', text: '', expected: {} },
    { name: 'comments only', text: '# nothing\n', expected: {} },
    { name: 'key with no value is null', text: 'proxy-url:\n', expected: { 'proxy-url': null } },
    {
      name: 'scalars',
      text: 'host: ""\nport: 8318\ndebug: true\nrequest-retry: 0\nmax-retry-interval: 1.5\nbody-limit-mb: 0.5\n',
      expected: {
        host: '',
        port: 8318,
        debug: true,
        'request-retry': 0,
        'max-retry-interval': 1.5,
        'body-limit-mb': 0.5,
      },
    },
    {
      name: 'CLIProxyAPI-only keys are accepted with any value',
      text: 'tls:\n  enable: false\nrouting:\n  strategy: fill-first\nws-auth: false\noauth-model-alias:\n  - x: 1\n',
      expected: {
        tls: { enable: false },
        routing: { strategy: 'fill-first' },
        'ws-auth': false,
        'oauth-model-alias': [{ x: 1 }],
      },
    },
    {
      name: 'merge keys',
      text: 'claude-api-key:\n  - &base\n    api-key: k\n    base-url: http://localhost:1234/v1\n  - <<: *base\n    name: second\n',
      expected: {
        'claude-api-key': [
          { 'api-key': 'k', 'base-url': 'http://localhost:1234/v1' },
          { 'api-key': 'k', 'base-url': 'http://localhost:1234/v1', name: 'second' },
        ],
      },
    },
  ])('$name', ({ text, expected }) => {
    expect(parseConfigText(text, FILE).raw).toEqual(expected);
  });

  it('loads the seed 002 basic config and claude-api-key example', () => {
    const text = [
      'host: ""',
      'port: 8317',
      'tls:\n  enable: false\n  cert: ""\n  key: ""',
      'remote-management:\n  allow-remote: false\n  secret-key: "your-key"',
      'auth-dir: "~/.cli-proxy-api"',
      'api-keys:\n  - "your-api-key-1"\n  - "your-api-key-2"',
      'debug: false\nlogging-to-file: false\nlogs-max-total-size-mb: 0',
      'commercial-mode: false\nusage-statistics-enabled: false',
      'proxy-url: ""\nrequest-retry: 3\nmax-retry-interval: 30',
      'quota-exceeded:\n  switch-project: true\n  switch-preview-model: true',
      'routing:\n  strategy: "round-robin"',
      'ws-auth: false',
      'claude-api-key:\n  - api-key: "sk-ant-..."\n    base-url: ""\n    proxy-url: ""\n    models:\n      - name: "claude-sonnet-4-5-20250929"\n        alias: "claude-sonnet-latest"\n    excluded-models:\n      - "*-thinking"\n      - "*haiku*"',
    ].join('\n');
    const { raw } = parseConfigText(text, FILE);
    expect(raw['claude-api-key']?.[0]?.models).toEqual([
      { name: 'claude-sonnet-4-5-20250929', alias: 'claude-sonnet-latest' },
    ]);
  });

  it('lineOf points at keys, list items and the nearest parent of a missing key', () => {
    const text = 'host: x\nclaude-api-key:\n  - name: a\n  - name: b\n    base-url: http://x\n';
    const { lineOf } = parseConfigText(text, FILE);
    expect(lineOf(['host'])).toBe(1);
    expect(lineOf(['claude-api-key'])).toBe(2);
    expect(lineOf(['claude-api-key', 1])).toBe(4);
    expect(lineOf(['claude-api-key', 1, 'base-url'])).toBe(5);
    expect(lineOf(['claude-api-key', 1, 'prefix'])).toBe(4);
    expect(lineOf(['nothing'])).toBe(1);
  });
});

describe('parseConfigText: invalid files', () => {
  const cases: { name: string; text: string; line: number | undefined; path: string; message: string }[] = [
    {
      name: 'port not a number',
      text: 'port: "80a"\n',
      line: 1,
      path: 'port',
      message: 'expected a number, found "80a"',
    },
    {
      name: 'port zero',
      text: 'host: x\nport: 0\n',
      line: 2,
      path: 'port',
      message: 'expected a number of at least 1, found 0',
    },
    {
      name: 'port too big',
      text: 'port: 70000\n',
      line: 1,
      path: 'port',
      message: 'expected a number of at most 65535, found 70000',
    },
    {
      name: 'port fraction',
      text: 'port: 80.5\n',
      line: 1,
      path: 'port',
      message: 'expected an integer, found 80.5',
    },
    {
      name: 'negative retry',
      text: 'request-retry: -1\n',
      line: 1,
      path: 'request-retry',
      message: 'expected a number of at least 0, found -1',
    },
    {
      name: 'zero body limit',
      text: 'body-limit-mb: 0\n',
      line: 1,
      path: 'body-limit-mb',
      message: 'expected a number greater than 0, found 0',
    },
    {
      name: 'debug as string',
      text: 'debug: "yes"\n',
      line: 1,
      path: 'debug',
      message: 'expected true or false, found "yes"',
    },
    {
      name: 'api-keys not a list',
      text: 'api-keys: abc\n',
      line: 1,
      path: 'api-keys',
      message: 'expected a list, found a string (value not shown)',
    },
    {
      name: 'empty api key',
      text: 'api-keys:\n  - ""\n',
      line: 2,
      path: 'api-keys[0]',
      message: 'expected a non-empty string, found an empty string',
    },
    {
      name: 'bad global proxy (value hidden)',
      text: 'proxy-url: "ftp://user:secret@x"\n',
      line: 1,
      path: 'proxy-url',
      message: 'expected an http://, https:// or socks5:// URL, or "", found a string (value not shown)',
    },
    {
      name: 'base-url not http',
      text: 'claude-api-key:\n  - api-key: k\n    base-url: "ftp://host"\n',
      line: 3,
      path: 'claude-api-key[0].base-url',
      message: 'expected an http:// or https:// URL, or "" for Anthropic\'s API, found "ftp://host"',
    },
    {
      name: 'base-url credentials hidden',
      text: 'claude-api-key:\n  - base-url: "gopher://me:pw@host"\n',
      line: 2,
      path: 'claude-api-key[0].base-url',
      message: 'expected an http:// or https:// URL, or "" for Anthropic\'s API, found "gopher://***@host"',
    },
    {
      name: 'name with a slash',
      text: 'claude-api-key:\n  - name: "a/b"\n',
      line: 2,
      path: 'claude-api-key[0].name',
      message:
        'expected only letters, digits, ".", "_" and "-" (no "/": it names the upstream in "upstream/model"), found "a/b"',
    },
    {
      name: 'unknown auth style',
      text: 'claude-api-key:\n  - auth-style: basic\n',
      line: 2,
      path: 'claude-api-key[0].auth-style',
      message: 'expected one of "x-api-key", "bearer", "none", found "basic"',
    },
    {
      name: 'drop-betas as string',
      text: 'claude-api-key:\n  - drop-betas: all\n',
      line: 2,
      path: 'claude-api-key[0].drop-betas',
      message: 'expected true (drop every anthropic-beta), false, or a list of beta names, found "all"',
    },
    {
      name: 'model without name',
      text: 'claude-api-key:\n  - models:\n      - alias: x\n',
      line: 3,
      path: 'claude-api-key[0].models[0].name',
      message: 'expected a string, but the key is missing',
    },
    {
      name: 'header name with a space',
      text: 'claude-api-key:\n  - headers:\n      "X Bad": v\n',
      line: 3,
      path: 'claude-api-key[0].headers.X Bad',
      message: 'expected an HTTP header name (letters, digits, "-"), found "X Bad"',
    },
    {
      name: 'top level list',
      text: '- a\n',
      line: 1,
      path: '',
      message: 'expected a mapping (key: value), found a list',
    },
    {
      name: 'unknown key with suggestion',
      text: 'prot: 8317\n',
      line: 1,
      path: 'prot',
      message: 'unknown key "prot"; did you mean "port"?',
    },
    {
      name: 'unknown key without suggestion',
      text: 'x: 1\nfrobnicate: 1\n',
      line: 1,
      path: 'x',
      message: 'unknown key "x"',
    },
    {
      name: 'unknown entry key with suggestion',
      text: 'claude-api-key:\n  - base_url: http://x\n',
      line: 2,
      path: 'claude-api-key[0].base_url',
      message: 'unknown key "base_url"; did you mean "base-url"?',
    },
    {
      name: 'unknown model-routing key',
      text: 'model-routing:\n  sonet: x\n',
      line: 2,
      path: 'model-routing.sonet',
      message: 'unknown key "sonet"; did you mean "sonnet"?',
    },
  ];
  it.each(cases)('$name', ({ text, line, path, message }) => {
    expect(issuesOf(text)[0]).toEqual({ file: FILE, line, path, message });
  });

  it('reports every problem, sorted by line', () => {
    const issues = issuesOf('port: 0\ndebug: 1\nfrobnicate: 1\n');
    expect(issues.map((issue) => issue.path)).toEqual(['port', 'debug', 'frobnicate']);
  });

  it.each([
    { name: 'syntax error', text: 'host: [\n', line: 2 },
    { name: 'duplicate key', text: 'port: 1\nport: 2\n', line: 2 },
    { name: 'bad indentation', text: 'a:\n  b: 1\n c: 2\n', line: 3 },
  ])('YAML $name carries a line', ({ text, line }) => {
    const [issue] = issuesOf(text);
    expect(issue?.line).toBe(line);
    expect(issue?.message).toMatch(/^invalid YAML: /);
  });

  it.each([
    { name: 'number key in api-keys', text: 'api-keys:\n  - 987654321\n' },
    { name: 'string api-key with wrong type around it', text: 'claude-api-key:\n  - api-key: [987654321]\n' },
    { name: 'header value', text: 'claude-api-key:\n  - headers:\n      Authorization: [987654321]\n' },
    { name: 'proxy with password', text: 'claude-api-key:\n  - proxy-url: "ftp://u:987654321@h"\n' },
  ])('never shows a secret: $name', ({ text }) => {
    let message = '';
    try {
      parseConfigText(text, FILE);
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/Invalid configuration/);
    expect(message).not.toContain('987654321');
  });
});

describe('closestKey', () => {
  const known = ['port', 'host', 'api-keys', 'proxy-url', 'debug'];
  it.each([
    { key: 'prot', expected: 'port' },
    { key: 'Port', expected: 'port' },
    { key: 'hots', expected: 'host' },
    { key: 'api_keys', expected: 'api-keys' },
    { key: 'apikeys', expected: 'api-keys' },
    { key: 'proxy', expected: undefined },
    { key: 'x', expected: undefined },
    { key: 'verbose', expected: undefined },
  ])('$key → $expected', ({ key, expected }) => {
    expect(closestKey(key, known)).toBe(expected);
  });
});
