import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import { compileTimeouts } from './compile-timeouts.js';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import type { RawTimeouts } from './schema.js';
import type { HttpTimeouts } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

const FILE = '/home/me/config.yaml';

function compile(text: string, env: Environment = {}) {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env, sourcePath: FILE, lineOf });
}

function problems(text: string, env: Environment = {}): string[] {
  try {
    compile(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatConfigIssue);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('compileTimeouts', () => {
  it('defaults: connect and write 10 s, read 10 min', () => {
    expect(compileTimeouts(undefined, {})).toEqual({ timeouts: DEFAULTS.timeouts, issues: [] });
    expect(compileTimeouts(null, {}).timeouts).toEqual({
      connectMs: 10_000,
      writeMs: 10_000,
      readMs: 600_000,
    });
    expect(compile('').config.timeouts).toEqual(DEFAULTS.timeouts);
  });

  it.each<{ name: string; yaml: RawTimeouts; expected: HttpTimeouts }>([
    {
      name: 'seconds become ms',
      yaml: { connect: 2.5, write: 1, read: 120 },
      expected: { connectMs: 2500, writeMs: 1000, readMs: 120_000 },
    },
    {
      name: 'an absent key keeps its default',
      yaml: { read: 30 },
      expected: { ...DEFAULTS.timeouts, readMs: 30_000 },
    },
    {
      name: '0, "", "none" and no value mean wait forever',
      yaml: { connect: 0, write: '', read: null },
      expected: { connectMs: 0, writeMs: 0, readMs: 0 },
    },
    {
      name: '"none" in any case',
      yaml: { read: ' NONE ' },
      expected: { ...DEFAULTS.timeouts, readMs: 0 },
    },
  ])('YAML: $name', ({ yaml, expected }) => {
    expect(compileTimeouts(yaml, {})).toEqual({ timeouts: expected, issues: [] });
  });

  it('reads the YAML keys through the whole compile (no value = forever)', () => {
    const text = 'timeouts:\n  connect: 3\n  write: none\n  read:';
    expect(compile(text).config.timeouts).toEqual({ connectMs: 3000, writeMs: 0, readMs: 0 });
  });

  it('HTTP_*_TIMEOUT variables win over the file', () => {
    const env = { HTTP_CONNECT_TIMEOUT: '5', HTTP_WRITE_TIMEOUT: '0.25', HTTP_READ_TIMEOUT: '90' };
    expect(compileTimeouts({ connect: 1, write: 0, read: 'none' }, env)).toEqual({
      timeouts: { connectMs: 5000, writeMs: 250, readMs: 90_000 },
      issues: [],
    });
  });

  it.each(['', '   ', '0', 'none', 'None', ' NONE '])(
    'HTTP_READ_TIMEOUT=%j waits forever (seed 004: "blank, 0, or none")',
    (value) => {
      const { timeouts, issues } = compileTimeouts({ read: 30 }, { HTTP_READ_TIMEOUT: value });
      expect(issues).toEqual([]);
      expect(timeouts).toEqual({ ...DEFAULTS.timeouts, readMs: 0 });
    },
  );

  it('an unset variable leaves the file value', () => {
    expect(compileTimeouts({ connect: 4 }, { HTTP_CONNECT_TIMEOUT: undefined }).timeouts.connectMs).toBe(
      4000,
    );
  });

  it.each([
    ['HTTP_CONNECT_TIMEOUT', '-1'],
    ['HTTP_WRITE_TIMEOUT', '10s'],
    ['HTTP_READ_TIMEOUT', 'forever'],
  ])('reports %s=%j, naming the variable', (variable, value) => {
    const message = `expected a number of seconds, or blank, 0 or none to wait forever, found "${value}"`;
    const { timeouts, issues } = compileTimeouts(undefined, { [variable]: value });
    expect(issues).toEqual([{ file: 'environment', path: variable, message }]);
    expect(timeouts).toEqual(DEFAULTS.timeouts);
    expect(problems('', { [variable]: value })).toEqual([`environment ${variable}: ${message}`]);
  });

  it.each([
    ['timeouts:\n  connect: -1', 2, 'timeouts.connect: expected a number of at least 0, found -1'],
    [
      'timeouts:\n  read: soon',
      2,
      'timeouts.read: expected seconds (a number of at least 0), or 0, "" or "none" to wait forever, found "soon"',
    ],
    [
      'timeouts:\n  write: true',
      2,
      'timeouts.write: expected seconds (a number of at least 0), or 0, "" or "none" to wait forever, found true',
    ],
    ['\ntimeouts:\n  reed: 5', 3, 'timeouts.reed: unknown key "reed"; did you mean "read"?'],
  ])('%j is refused at line %i', (text, line, message) => {
    expect(problems(text)).toEqual([`${FILE}:${line} ${message}`]);
  });
});
