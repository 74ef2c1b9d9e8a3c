import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from './config-error.js';
import { ConfigError, formatConfigIssue, formatConfigPath } from './config-error.js';

describe('formatConfigIssue', () => {
  const cases: { issue: ConfigIssue; expected: string }[] = [
    {
      issue: {
        file: '/h/config.yaml',
        line: 3,
        path: 'claude-api-key[0].base-url',
        message: 'expected a URL',
      },
      expected: '/h/config.yaml:3 claude-api-key[0].base-url: expected a URL',
    },
    {
      issue: { file: 'environment', path: 'DEEPSEEK_PROXY', message: 'bad' },
      expected: 'environment DEEPSEEK_PROXY: bad',
    },
    {
      issue: { file: '/c.yaml', line: 2, path: '', message: 'invalid YAML' },
      expected: '/c.yaml:2: invalid YAML',
    },
    { issue: { file: '/c.yaml', path: '', message: 'file not found' }, expected: '/c.yaml: file not found' },
  ];
  it.each(cases)('$expected', ({ issue, expected }) => {
    expect(formatConfigIssue(issue)).toBe(expected);
  });
});

describe('formatConfigPath', () => {
  it.each([
    { path: [], expected: '' },
    { path: ['port'], expected: 'port' },
    { path: ['claude-api-key', 0, 'base-url'], expected: 'claude-api-key[0].base-url' },
    { path: ['claude-api-key', 1, 'models', 2, 'name'], expected: 'claude-api-key[1].models[2].name' },
    { path: ['api-keys', 0], expected: 'api-keys[0]' },
  ])('$expected', ({ path, expected }) => {
    expect(formatConfigPath(path)).toBe(expected);
  });
});

describe('ConfigError', () => {
  it('lists every issue in its message and keeps them', () => {
    const issues: ConfigIssue[] = [
      { file: '/c.yaml', line: 1, path: 'port', message: 'expected a number' },
      { file: '/c.yaml', line: 4, path: 'host', message: 'expected a string' },
    ];
    const error = new ConfigError(issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe(
      'Invalid configuration (2 problems):\n  /c.yaml:1 port: expected a number\n  /c.yaml:4 host: expected a string',
    );
  });

  it('says "1 problem" for one issue', () => {
    expect(new ConfigError([{ file: 'f', path: 'p', message: 'm' }]).message).toBe(
      'Invalid configuration (1 problem):\n  f p: m',
    );
  });
});
