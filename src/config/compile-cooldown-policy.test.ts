import { describe, expect, it } from 'vitest';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { compileConfig } from './compile-config.js';
import { COOLDOWN_KEY_FIELDS, compileCooldownPolicy } from './compile-cooldown-policy.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

describe('compileCooldownPolicy', () => {
  it.each([
    { name: 'absent', cooldown: undefined },
    { name: 'null', cooldown: null },
    { name: 'empty', cooldown: {} },
    { name: 'only nulls', cooldown: { 'blocked-seconds': null } },
  ])('$name → the default policy object itself', ({ cooldown }) => {
    expect(compileCooldownPolicy(cooldown)).toBe(DEFAULT_COOLDOWN_POLICY);
  });

  it.each([
    ['rate-limited-base-seconds', 2, { rateLimitBaseMs: 2000 }],
    ['rate-limited-max-seconds', 600, { rateLimitMaxMs: 600_000 }],
    ['retry-hint-max-seconds', 3600, { retryHintMaxMs: 3_600_000 }],
    ['blocked-seconds', 0, { blockMs: 0 }],
    ['model-unavailable-seconds', 1.5, { modelNotFoundMs: 1500 }],
    ['upstream-seconds', 10, { upstreamCooldownMs: 10_000 }],
  ] as const)('%s: %d → %o, the rest default', (key, seconds, fields) => {
    expect(compileCooldownPolicy({ [key]: seconds })).toEqual({ ...DEFAULT_COOLDOWN_POLICY, ...fields });
  });

  it('maps every cooldown key to a distinct policy field', () => {
    const fields = COOLDOWN_KEY_FIELDS.map(([, field]) => field);
    expect(new Set(fields).size).toBe(fields.length);
    expect(
      Object.keys(DEFAULT_COOLDOWN_POLICY)
        .filter((field) => field !== 'blockStatuses')
        .sort(),
    ).toEqual([...fields].sort());
  });
});

describe('cooldown in config.yaml', () => {
  const compile = (text: string) => {
    const { raw, lineOf } = parseConfigText(text, 'config.yaml');
    return compileConfig(raw, { env: {}, lineOf }).config;
  };

  it.each([
    ['claude-api-key', '  - api-key: k\n'],
    ['gemini-api-key', '  - api-key: k\n'],
    ['codex-api-key', '  - api-key: k\n'],
    ['openai-compatibility', '  - name: o\n    base-url: "https://x.example/v1"\n'],
  ])('%s entries take per-upstream overrides; others keep the default', (section, item) => {
    const text = `${section}:\n${item}    cooldown:\n      upstream-seconds: 5\n      blocked-seconds: 120\n`;
    const [upstream] = compile(text).upstreams;
    expect(upstream?.cooldownPolicy).toEqual({
      ...DEFAULT_COOLDOWN_POLICY,
      upstreamCooldownMs: 5000,
      blockMs: 120_000,
    });
    expect(compile(`${section}:\n${item}`).upstreams[0]?.cooldownPolicy).toBe(DEFAULT_COOLDOWN_POLICY);
  });

  it.each([
    ['upstream-seconds: -1', 'expected a number of at least 0, found -1'],
    ['blocked-second: 5', 'unknown key "blocked-second"; did you mean "blocked-seconds"?'],
    ['blocked-seconds: soon', 'expected a number, found "soon"'],
  ])('rejects %s at its line', (line, message) => {
    const text = `claude-api-key:\n  - api-key: k\n    cooldown:\n      ${line}\n`;
    try {
      parseConfigText(text, 'config.yaml');
      throw new Error('expected a ConfigError');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.issues).toEqual([expect.objectContaining({ line: 4, message })]);
    }
  });
});
