import { describe, expect, it } from 'vitest';
import { credentialIdOf } from '../routing/credential.js';
import { compileConfig } from './compile-config.js';
import type { ConfigIssue } from './config-error.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import type { UpstreamConfig } from './switchboard-config.js';

const FILE = '/home/me/.switchboard/config.yaml';

function upstreamsOf(text: string): readonly UpstreamConfig[] {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env: {}, sourcePath: FILE, lineOf }).config.upstreams;
}

function issuesOf(text: string): readonly ConfigIssue[] {
  try {
    upstreamsOf(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Each upstream as `[id, [key, weight, priority, prefix?, proxy?]…]`, for compact expectations. */
function pools(text: string): unknown[] {
  return upstreamsOf(text).map((upstream) => [
    upstream.id,
    upstream.credentials.map((credential) => [
      credential.apiKey,
      credential.weight,
      credential.priority,
      ...(credential.prefix === undefined ? [] : [credential.prefix]),
      ...(credential.proxyUrl === undefined ? [] : [credential.proxyUrl]),
    ]),
  ]);
}

const SECTIONS = ['claude-api-key', 'gemini-api-key', 'codex-api-key'] as const;
const DEFAULT_IDS = { 'claude-api-key': 'anthropic', 'gemini-api-key': 'gemini', 'codex-api-key': 'openai' };

describe('credential pools from the file', () => {
  describe.each(SECTIONS)('%s', (section) => {
    const id = DEFAULT_IDS[section];
    it.each([
      {
        name: 'api-key alone: one credential',
        items: ['  - api-key: k1'],
        expected: [[id, [['k1', 1, 0]]]],
      },
      {
        name: 'api-key first, then api-key-entries; entry weight/priority apply unless the key says otherwise',
        items: [
          '  - api-key: k1\n    weight: 3\n    priority: 1\n    api-key-entries:\n      - api-key: k2\n      - api-key: k3\n        weight: 1\n        priority: -2\n        prefix: team\n        proxy-url: "http://p:1"',
        ],
        expected: [
          [
            id,
            [
              ['k1', 3, 1],
              ['k2', 3, 1],
              ['k3', 1, -2, 'team', 'http://p:1'],
            ],
          ],
        ],
      },
      {
        name: 'repeated name: one upstream with every key, each item its own settings',
        items: [
          '  - name: pool\n    api-key: k1',
          '  - name: pool\n    api-key: k2\n    weight: 4\n    proxy-url: "http://p:2"',
        ],
        expected: [
          [
            'pool',
            [
              ['k1', 1, 0],
              ['k2', 4, 0, 'http://p:2'],
            ],
          ],
        ],
      },
      {
        name: 'unnamed items of one endpoint and prefix (trailing slash ignored): one upstream',
        items: [
          '  - api-key: k1\n    base-url: "https://relay.example/v1"',
          '  - api-key: k2\n    base-url: "https://relay.example/v1/"\n    priority: 5',
          '  - api-key: k3\n    base-url: "https://other.example/v1"',
        ],
        expected: [
          [
            expect.any(String),
            [
              ['k1', 1, 0],
              ['k2', 1, 5],
            ],
          ],
          [expect.any(String), [['k3', 1, 0]]],
        ],
      },
      {
        name: 'unnamed items with different prefixes stay apart',
        items: [
          '  - api-key: k1\n    prefix: a',
          '  - api-key: k2\n    prefix: b',
          '  - api-key: k3\n    prefix: a',
        ],
        expected: [
          [
            'a',
            [
              ['k1', 1, 0],
              ['k3', 1, 0],
            ],
          ],
          ['b', [['k2', 1, 0]]],
        ],
      },
      {
        name: 'named and unnamed items of one endpoint stay apart',
        items: ['  - api-key: k1', '  - name: named\n    api-key: k2'],
        expected: [
          [id, [['k1', 1, 0]]],
          ['named', [['k2', 1, 0]]],
        ],
      },
      {
        name: 'a key listed twice counts once',
        items: [
          '  - api-key: k1\n    api-key-entries:\n      - api-key: k1\n      - api-key: k2',
          '  - api-key: k2',
        ],
        expected: [
          [
            id,
            [
              ['k1', 1, 0],
              ['k2', 1, 0],
            ],
          ],
        ],
      },
      {
        name: 'no key: no credential',
        items: ['  - name: local\n    base-url: "http://127.0.0.1:9/v1"'],
        expected: [['local', []]],
      },
    ])('$name', ({ items, expected }) => {
      expect(pools(`${section}:\n${items.join('\n')}\n`)).toEqual(expected);
    });

    it('keeps apiKey and proxyUrl as the first credential, and the first item as origin', () => {
      const [upstream] = upstreamsOf(
        `proxy-url: "http://global:1"\n${section}:\n  - name: p\n  - name: p\n    api-key-entries:\n      - api-key: k1\n        proxy-url: "http://own:2"\n`,
      );
      expect(upstream).toMatchObject({ apiKey: 'k1', proxyUrl: 'http://own:2', origin: `${section}[0]` });
      expect(upstream?.authStyle).not.toBe('none');
    });

    it('sends no credential header when no item of the upstream has a key', () => {
      const [upstream] = upstreamsOf(`${section}:\n  - name: p\n  - name: p\n`);
      expect(upstream).toMatchObject({ apiKey: '', credentials: [], authStyle: 'none' });
    });
  });

  it('keeps the order of first items across merged upstreams', () => {
    const text =
      'claude-api-key:\n  - name: b\n    api-key: k1\n  - name: a\n    api-key: k2\n  - name: b\n    api-key: k3\n';
    expect(upstreamsOf(text).map((upstream) => [upstream.id, upstream.origin])).toEqual([
      ['b', 'claude-api-key[0]'],
      ['a', 'claude-api-key[1]'],
    ]);
  });
});

describe('credential ids', () => {
  const text = (key: string, name = 'pool') =>
    `gemini-api-key:\n  - name: ${name}\n    api-key: ${key}\n  - name: ${name}\n    api-key: other\n    proxy-url: "http://p:1"\n`;
  const ids = (source: string) => upstreamsOf(source)[0]?.credentials.map((credential) => credential.id);

  it('are credentialIdOf(upstream id, key, proxy)', () => {
    expect(ids(text('k1'))).toEqual([
      credentialIdOf('pool', 'k1'),
      credentialIdOf('pool', 'other', 'http://p:1'),
    ]);
  });

  it('are stable across loads, and change with the key (only that credential) and the upstream', () => {
    const [first, second] = ids(text('k1')) ?? [];
    expect(ids(text('k1'))).toEqual([first, second]);
    const [changed, unchanged] = ids(text('k2')) ?? [];
    expect(changed).not.toBe(first);
    expect(unchanged).toBe(second);
    expect(ids(text('k1', 'renamed'))?.[0]).not.toBe(first);
  });
});

describe('merged items that disagree', () => {
  it.each([
    ['base-url', '    base-url: "https://other.example"', 6],
    ['prefix', '    prefix: other', 6],
    ['models', '    models:\n      - name: m2', 6],
    ['excluded-models', '    excluded-models: ["*-mini"]', 6],
    ['headers', '    headers:\n      X-Team: b', 6],
    ['max-tokens', '    max-tokens: 100', 6],
    ['cooldown', '    cooldown:\n      upstream-seconds: 1', 6],
  ])('%s: an error at the line of the differing item, naming both items and the key', (key, line, at) => {
    const text = [
      'codex-api-key:',
      '  - name: pool',
      '    api-key: k1',
      '    models: [{ name: m1 }]',
      '  - name: pool',
      line,
    ].join('\n');
    const firstModels = key === 'models' ? [] : ['    models: [{ name: m1 }]'];
    const issues = issuesOf(`${text}\n${firstModels.join('\n')}\n`);
    expect(issues).toEqual([
      {
        file: FILE,
        line: at,
        path: `codex-api-key[1].${key}`,
        message: expect.stringContaining(
          `expected the same ${key} as codex-api-key[0] (line 2): items named "pool" form one upstream`,
        ) as unknown,
      },
    ]);
  });

  it('reports an item that lacks a key the first item has, at the item', () => {
    const text =
      'claude-api-key:\n  - name: pool\n    headers:\n      X-Secret: s3cr3t\n  - name: pool\n    api-key: k\n';
    const issues = issuesOf(text);
    expect(issues).toEqual([expect.objectContaining({ line: 5, path: 'claude-api-key[1].headers' })]);
    expect(issues[0]?.message).not.toContain('s3cr3t');
  });

  it.each([
    ['auth-style', '    auth-style: bearer'],
    ['drop-betas', '    drop-betas: true'],
    ['count-tokens', '    count-tokens: true'],
  ])('claude-api-key items also agree on %s', (key, line) => {
    const text = `claude-api-key:\n  - api-key: k1\n  - api-key: k2\n${line}\n`;
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({
        line: 4,
        path: `claude-api-key[1].${key}`,
        message: expect.stringContaining(
          'items without a name that share base-url and prefix form one upstream',
        ) as unknown,
      }),
    ]);
  });

  it('accepts items that differ only in credential keys and in how equal values are written', () => {
    const text = [
      'gemini-api-key:',
      '  - name: pool',
      '    api-key: k1',
      '    base-url: ""',
      '    headers: { A: "1", B: "2" }',
      '    excluded-models: ["*-preview"]',
      '  - name: pool',
      '    api-key-entries: [{ api-key: k2 }]',
      '    base-url: "https://generativelanguage.googleapis.com/"',
      '    headers: { B: "2", A: "1" }',
      '    excluded-models: [" *-preview ", ""]',
      '    proxy-url: "http://p:1"',
      '    weight: 2',
      '    priority: 1',
    ].join('\n');
    expect(upstreamsOf(`${text}\n`)[0]?.credentials).toHaveLength(2);
  });
});
