import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

const FILE = 'config.yaml';

/** The issues `compileConfig` throws for `text` and `env`, or `[]` when it compiles. */
function issuesOf(text: string, env: Environment = {}, port?: number): readonly ConfigIssue[] {
  const { raw, lineOf } = parseConfigText(text, FILE);
  try {
    compileConfig(raw, { env, sourcePath: FILE, lineOf, overrides: { port } });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('compileConfig: upstreams pointing at the gateway itself', () => {
  it.each([
    {
      name: 'OPENAI_BASE_URL at the gateway',
      url: 'http://localhost:8317/v1',
      host: '127.0.0.1',
      loops: true,
    },
    { name: 'IPv6 loopback', url: 'http://[::1]:8317/v1', host: '127.0.0.1', loops: true },
    { name: 'all interfaces', url: 'http://127.0.0.1:8317/v1', host: '0.0.0.0', loops: true },
    { name: 'the bound LAN address', url: 'http://192.168.1.5:8317/v1', host: '192.168.1.5', loops: true },
    { name: 'another port', url: 'http://127.0.0.1:8318/v1', host: '127.0.0.1', loops: false },
    {
      name: 'gateway on a LAN address only',
      url: 'http://127.0.0.1:8317/v1',
      host: '192.168.1.5',
      loops: false,
    },
    { name: 'a remote host', url: 'https://api.openai.com:8317/v1', host: '127.0.0.1', loops: false },
  ])('$name → loops $loops', ({ url, host, loops }) => {
    const text = `host: ${host}\napi-keys: [k]\n`;
    const issues = issuesOf(text, { OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: url });
    expect(issues).toEqual(
      loops
        ? [
            {
              file: 'environment',
              path: 'OPENAI_BASE_URL',
              message: `${url} is this gateway's own address: requests sent there would loop. Point it at the upstream instead`,
            },
          ]
        : [],
    );
  });

  it('points at the base-url line of a file entry', () => {
    const text =
      'port: 9000\nopenai-compatibility:\n  - name: me\n    base-url: "http://localhost:9000/v1"\n';
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({ file: FILE, line: 4, path: 'openai-compatibility[0].base-url' }),
    ]);
  });

  it('skips the check for --port 0 (the OS picks a port)', () => {
    const text = 'claude-api-key:\n  - base-url: "http://localhost:8317"\n';
    expect(issuesOf(text, {}, 0)).toEqual([]);
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({ line: 2, path: 'claude-api-key[0].base-url' }),
    ]);
  });
});
