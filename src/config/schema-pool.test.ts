import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

function issuesOf(text: string): readonly { line?: number | undefined; path: string; message: string }[] {
  try {
    parseConfigText(text, 'config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('pool keys in config.yaml', () => {
  it.each([
    {
      name: 'weight 0',
      text: 'claude-api-key:\n  - api-key: k\n    weight: 0\n',
      issue: {
        line: 3,
        path: 'claude-api-key[0].weight',
        message: 'expected a number of at least 1, found 0',
      },
    },
    {
      name: 'fractional weight',
      text: 'gemini-api-key:\n  - api-key: k\n    weight: 1.5\n',
      issue: { line: 3, path: 'gemini-api-key[0].weight', message: 'expected an integer, found 1.5' },
    },
    {
      name: 'priority as a word',
      text: 'codex-api-key:\n  - api-key-entries:\n      - api-key: k\n        priority: high\n',
      issue: {
        line: 4,
        path: 'codex-api-key[0].api-key-entries[0].priority',
        message: 'expected a number, found "high"',
      },
    },
    {
      name: 'a prefix with a slash',
      text: 'claude-api-key:\n  - api-key-entries:\n      - api-key: k\n        prefix: "a/b"\n',
      issue: {
        line: 4,
        path: 'claude-api-key[0].api-key-entries[0].prefix',
        message: expect.stringContaining('no "/"') as unknown,
      },
    },
    {
      name: 'an unknown key in an api-key-entries item',
      text: 'openai-compatibility:\n  - name: o\n    base-url: "https://x.example/v1"\n    api-key-entries:\n      - api-key: k\n        wieght: 2\n',
      issue: {
        line: 6,
        path: 'openai-compatibility[0].api-key-entries[0].wieght',
        message: 'unknown key "wieght"; did you mean "weight"?',
      },
    },
    {
      name: 'api-key-entries that is not a list',
      text: 'gemini-api-key:\n  - api-key-entries: secret\n',
      issue: {
        line: 2,
        path: 'gemini-api-key[0].api-key-entries',
        message: 'expected a list, found "secret"',
      },
    },
  ])('rejects $name at its line', ({ text, issue }) => {
    expect(issuesOf(text)).toEqual([expect.objectContaining(issue)]);
  });

  it('accepts every pool key in every section, and negative priorities', () => {
    const item =
      'api-key: k\n    weight: 2\n    priority: -1\n    cooldown: { upstream-seconds: 5 }\n    api-key-entries:\n      - { api-key: k2, proxy-url: "", weight: 1000000, priority: 3, prefix: team }';
    for (const section of ['claude-api-key', 'gemini-api-key', 'codex-api-key']) {
      expect(issuesOf(`${section}:\n  - ${item}\n`)).toEqual([]);
    }
    expect(
      issuesOf(`openai-compatibility:\n  - name: o\n    base-url: "https://x.example/v1"\n    ${item}\n`),
    ).toEqual([]);
  });
});
