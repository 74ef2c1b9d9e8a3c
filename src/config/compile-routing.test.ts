import { describe, expect, it } from 'vitest';
import { compileConfig } from './compile-config.js';
import { compileRouting, DEFAULT_ROUTING } from './compile-routing.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

function compile(text: string) {
  const { raw, lineOf } = parseConfigText(text, 'config.yaml');
  return compileConfig(raw, { env: {}, lineOf });
}

describe('routing.strategy', () => {
  it.each([
    { text: '', expected: 'round-robin' },
    { text: 'routing:\n', expected: 'round-robin' },
    { text: 'routing:\n  strategy:\n', expected: 'round-robin' },
    { text: 'routing:\n  strategy: round-robin\n', expected: 'round-robin' },
    { text: 'routing:\n  strategy: "fill-first"\n', expected: 'fill-first' },
    { text: 'routing:\n  strategy: weighted-round-robin\n', expected: 'round-robin' },
  ])('$text → $expected, no warning', ({ text, expected }) => {
    const { config, warnings } = compile(text);
    expect(config.routing).toEqual({ strategy: expected });
    expect(warnings).toEqual([]);
  });

  it.each([
    {
      text: 'routing:\n  strategy: random\n',
      message: 'expected one of "round-robin", "fill-first", "weighted-round-robin", found "random"',
      path: 'routing.strategy',
    },
    {
      text: 'routing:\n  strategy: 1\n',
      message: 'expected one of "round-robin", "fill-first", "weighted-round-robin", found 1',
      path: 'routing.strategy',
    },
    {
      text: 'routing:\n  strategi: fill-first\n',
      message: 'unknown key "strategi"; did you mean "strategy"?',
      path: 'routing.strategi',
    },
    {
      text: 'routing: fill-first\n',
      message: 'expected a mapping (key: value), found "fill-first"',
      path: 'routing',
    },
  ])('rejects $text', ({ text, message, path }) => {
    try {
      parseConfigText(text, 'config.yaml');
      throw new Error('expected a ConfigError');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.issues).toEqual([
        { file: 'config.yaml', line: expect.any(Number) as unknown, path, message },
      ]);
    }
  });

  it('is no longer an accepted-but-unused key', () => {
    expect(compile('routing:\n  strategy: fill-first\n').warnings).toEqual([]);
  });

  it("accepts CLIProxyAPI's session-affinity keys with a warning each", () => {
    const { config, warnings } = compile(
      'routing:\n  strategy: fill-first\n  session-affinity: true\n  session-affinity-ttl: "1h"\n',
    );
    expect(config.routing.strategy).toBe('fill-first');
    expect(warnings).toEqual([
      'routing.session-affinity is accepted but not used yet',
      'routing.session-affinity-ttl is accepted but not used yet',
    ]);
  });
});

describe('compileRouting', () => {
  it('returns the shared default without a mapping', () => {
    expect(compileRouting(undefined)).toEqual({ routing: DEFAULT_ROUTING, warnings: [] });
    expect(compileRouting(null).routing).toBe(DEFAULT_ROUTING);
  });
});
