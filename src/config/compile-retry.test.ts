import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import { compileRetry } from './compile-retry.js';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

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

describe('compileRetry', () => {
  it('defaults: 3 retries, 30 s cap, 0.5 s first delay', () => {
    expect(compileRetry({}, {})).toEqual({
      retry: { requestRetry: 3, maxRetryIntervalMs: 30_000, retryBaseDelayMs: 500 },
      issues: [],
    });
  });

  it('reads the YAML keys, seconds → ms', () => {
    const { config } = compile('request-retry: 1\nmax-retry-interval: 12\nretry-base-delay: 0.25');
    expect(config).toMatchObject({ requestRetry: 1, maxRetryIntervalMs: 12_000, retryBaseDelayMs: 250 });
  });

  it('PROVIDER_* retry variables win over the file (seed 004)', () => {
    const env = {
      PROVIDER_MAX_RETRIES: '8',
      PROVIDER_RETRY_BASE_DELAY: '2',
      PROVIDER_RETRY_MAX_DELAY: ' 120 ',
    };
    const { config } = compile('request-retry: 1\nmax-retry-interval: 12\nretry-base-delay: 0.25', env);
    expect(config).toMatchObject({ requestRetry: 8, maxRetryIntervalMs: 120_000, retryBaseDelayMs: 2000 });
  });

  it('0 is a valid value; blank variables count as unset', () => {
    expect(
      compileRetry({ 'request-retry': 2 }, { PROVIDER_MAX_RETRIES: '0', PROVIDER_RETRY_BASE_DELAY: '' }),
    ).toEqual({
      retry: { requestRetry: 0, maxRetryIntervalMs: 30_000, retryBaseDelayMs: 500 },
      issues: [],
    });
  });

  it.each([
    ['PROVIDER_MAX_RETRIES', '-1', 'expected a whole number of extra attempts, found "-1"'],
    ['PROVIDER_MAX_RETRIES', '2.5', 'expected a whole number of extra attempts, found "2.5"'],
    ['PROVIDER_RETRY_BASE_DELAY', 'fast', 'expected a number of seconds (at least 0), found "fast"'],
    ['PROVIDER_RETRY_MAX_DELAY', '-3', 'expected a number of seconds (at least 0), found "-3"'],
  ])('reports %s=%j, naming the variable', (variable, value, message) => {
    expect(compileRetry({}, { [variable]: value }).issues).toEqual([
      { file: 'environment', path: variable, message },
    ]);
    expect(problems('', { [variable]: value })).toEqual([`environment ${variable}: ${message}`]);
  });

  it.each([
    ['debug: false\nretry-base-delay: -1', 2, 'retry-base-delay: expected a number of at least 0, found -1'],
    ['retry-base-delay: "1s"', 1, 'retry-base-delay: expected a number, found "1s"'],
  ])('%j is refused at line %i', (text, line, message) => {
    expect(problems(text)).toEqual([`${FILE}:${line} ${message}`]);
  });
});
