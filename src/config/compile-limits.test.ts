import { describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import { withDiscoveredUpstreams } from '../providers/discover-local.js';
import type { Environment } from './apply-env.js';
import { compileConfig } from './compile-config.js';
import { applyEntryLimits, compileProviderLimits } from './compile-limits.js';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import type { UpstreamLimits } from './switchboard-config.js';
import { DEFAULTS } from './switchboard-config.js';

const FILE = '/home/me/config.yaml';

function compile(text: string, env: Environment = {}) {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env, sourcePath: FILE, lineOf });
}

/** The `file:line path: message` lines of the ConfigError that parsing or compiling `text` throws. */
function problems(text: string, env: Environment = {}): string[] {
  try {
    compile(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatConfigIssue);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const CUSTOM: UpstreamLimits = {
  rateLimit: 10,
  rateWindowMs: 30_000,
  maxConcurrency: 4,
  queueSize: 8,
  queueTimeoutMs: 2_500,
};

describe('compileProviderLimits', () => {
  it('defaults to DEFAULTS.limits itself', () => {
    expect(compileProviderLimits(undefined, {})).toEqual({ limits: DEFAULTS.limits, issues: [] });
    expect(compileProviderLimits(null, {}).limits).toBe(DEFAULTS.limits);
  });

  it('reads provider-limits, converting seconds to ms', () => {
    const raw = {
      'rate-limit': 10,
      'rate-window': 30,
      'max-concurrency': 4,
      'queue-size': 8,
      'queue-timeout': 2.5,
    };
    expect(compileProviderLimits(raw, {})).toEqual({ limits: CUSTOM, issues: [] });
  });

  it('PROVIDER_* variables win over the file (seed 004), decimals allowed for the window', () => {
    const env = { PROVIDER_RATE_LIMIT: '1', PROVIDER_RATE_WINDOW: ' 3.5 ', PROVIDER_MAX_CONCURRENCY: '5' };
    const { limits, issues } = compileProviderLimits({ 'rate-limit': 10, 'max-concurrency': 4 }, env);
    expect(issues).toEqual([]);
    expect(limits).toEqual({ ...DEFAULTS.limits, rateLimit: 1, rateWindowMs: 3500, maxConcurrency: 5 });
  });

  it('blank variables count as unset', () => {
    const env = { PROVIDER_RATE_LIMIT: '', PROVIDER_RATE_WINDOW: ' ', PROVIDER_MAX_CONCURRENCY: '' };
    expect(compileProviderLimits({ 'rate-limit': 7 }, env)).toEqual({
      limits: { ...DEFAULTS.limits, rateLimit: 7 },
      issues: [],
    });
  });

  it.each([
    [
      'PROVIDER_RATE_LIMIT',
      '-1',
      'expected a whole number of requests per window (0 = no limit), found "-1"',
    ],
    [
      'PROVIDER_RATE_LIMIT',
      '2.5',
      'expected a whole number of requests per window (0 = no limit), found "2.5"',
    ],
    ['PROVIDER_RATE_WINDOW', '0', 'expected a number of seconds greater than 0, found "0"'],
    ['PROVIDER_RATE_WINDOW', '1e3', 'expected a number of seconds greater than 0, found "1e3"'],
    [
      'PROVIDER_MAX_CONCURRENCY',
      'lots',
      'expected a whole number of requests in flight (0 = no limit), found "lots"',
    ],
  ])('reports %s=%j', (variable, value, message) => {
    const { limits, issues } = compileProviderLimits(undefined, { [variable]: value });
    expect(issues).toEqual([{ file: 'environment', path: variable, message }]);
    expect(limits).toBe(DEFAULTS.limits);
    expect(problems('', { [variable]: value })).toEqual([`environment ${variable}: ${message}`]);
  });
});

describe('applyEntryLimits', () => {
  it('returns the base itself when the entry sets nothing', () => {
    expect(applyEntryLimits(CUSTOM, {})).toBe(CUSTOM);
    expect(applyEntryLimits(CUSTOM, { 'rate-limit': null })).toBe(CUSTOM);
  });

  it("puts the entry's keys over the base, keeping the queue settings", () => {
    expect(applyEntryLimits(CUSTOM, { 'rate-limit': 0, 'rate-window': 0.25, 'max-concurrency': 1 })).toEqual({
      ...CUSTOM,
      rateLimit: 0,
      rateWindowMs: 250,
      maxConcurrency: 1,
    });
  });
});

describe('limits of compiled upstreams', () => {
  const sections: readonly (readonly [string, string])[] = [
    ['claude-api-key', 'claude-api-key:\n  - name: up\n    base-url: "http://127.0.0.1:7001"'],
    ['openai-compatibility', 'openai-compatibility:\n  - name: up\n    base-url: "http://127.0.0.1:7001/v1"'],
    ['gemini-api-key', 'gemini-api-key:\n  - name: up'],
    ['codex-api-key', 'codex-api-key:\n  - name: up'],
  ];

  it.each(sections)('%s: provider-limits, then env, then the entry', (_section, entry) => {
    const text = [
      'provider-limits:\n  rate-limit: 10\n  rate-window: 30\n  max-concurrency: 4\n  queue-size: 8\n  queue-timeout: 2.5',
      `${entry}\n    rate-window: 2\n    max-concurrency: 9`,
    ].join('\n');
    const { config } = compile(text, { PROVIDER_RATE_LIMIT: '20', PROVIDER_MAX_CONCURRENCY: '3' });
    expect(config.providerLimits).toEqual({ ...CUSTOM, rateLimit: 20, maxConcurrency: 3 });
    expect(config.upstreams[0]?.limits).toEqual({
      ...CUSTOM,
      rateLimit: 20,
      rateWindowMs: 2000,
      maxConcurrency: 9,
    });
  });

  it.each(sections)('%s: without keys of its own, the global limits', (_section, entry) => {
    const { config } = compile(`provider-limits:\n  max-concurrency: 2\n${entry}`);
    expect(config.upstreams[0]?.limits).toEqual({ ...DEFAULTS.limits, maxConcurrency: 2 });
  });

  it('gives environment upstreams the global limits', () => {
    const { config } = compile('provider-limits:\n  queue-size: 3', {
      DEEPSEEK_API_KEY: 'k',
      PROVIDER_RATE_LIMIT: '5',
    });
    expect(config.upstreams.map((upstream) => [upstream.id, upstream.limits])).toEqual([
      ['deepseek', { ...DEFAULTS.limits, queueSize: 3, rateLimit: 5 }],
    ]);
  });

  it("gives discovered upstreams the config's global limits", () => {
    const config = makeConfig([], {}, { providerLimits: CUSTOM });
    const found = makeUpstream('ollama', { source: 'discovered', limits: DEFAULTS.limits });
    expect(withDiscoveredUpstreams(config, [found]).upstreams[0]?.limits).toEqual(CUSTOM);
  });

  it.each(['claude-api-key', 'gemini-api-key', 'codex-api-key'])(
    '%s: merged items must agree on their limits as compiled',
    (section) => {
      const text = [
        'provider-limits:\n  rate-limit: 10',
        `${section}:`,
        '  - name: pool\n    api-key: a\n    rate-limit: 10\n    max-concurrency: 2',
        '  - name: pool\n    api-key: b\n    rate-window: 60\n    max-concurrency: 3',
      ].join('\n');
      expect(problems(text)).toEqual([
        `${FILE}:11 ${section}[1].max-concurrency: expected the same max-concurrency as ${section}[0] (line 4): ` +
          'items named "pool" form one upstream, so they must agree on every key but the credentials ' +
          '(api-key, api-key-entries, proxy-url, weight, priority); give them different names to keep them apart',
      ]);
    },
  );

  it('merged items that agree once compiled form one upstream with the limits', () => {
    const text = [
      'claude-api-key:',
      '  - name: pool\n    api-key: a\n    base-url: "http://127.0.0.1:7001"\n    rate-limit: 6',
      '  - name: pool\n    api-key: b\n    base-url: "http://127.0.0.1:7001"\n    rate-limit: 6',
    ].join('\n');
    const [upstream, ...rest] = compile(text).config.upstreams;
    expect(rest).toEqual([]);
    expect(upstream?.limits).toEqual({ ...DEFAULTS.limits, rateLimit: 6 });
  });
});

describe('limit keys in YAML', () => {
  it.each([
    [
      'provider-limits:\n  rate-limit: -1',
      2,
      'provider-limits.rate-limit: expected a number of at least 0, found -1',
    ],
    [
      'provider-limits:\n  rate-window: 0',
      2,
      'provider-limits.rate-window: expected a number greater than 0, found 0',
    ],
    [
      'provider-limits:\n  max-concurrency: 1.5',
      2,
      'provider-limits.max-concurrency: expected an integer, found 1.5',
    ],
    [
      'provider-limits:\n  queue-size: many',
      2,
      'provider-limits.queue-size: expected a number, found "many"',
    ],
    [
      'provider-limits:\n  queue-timeout: -5',
      2,
      'provider-limits.queue-timeout: expected a number of at least 0, found -5',
    ],
    [
      'gemini-api-key:\n  - api-key: k\n    rate-window: -1',
      3,
      'gemini-api-key[0].rate-window: expected a number greater than 0, found -1',
    ],
    [
      'openai-compatibility:\n  - name: x\n    base-url: "http://h/v1"\n    max-concurency: 2',
      4,
      'openai-compatibility[0].max-concurency: unknown key "max-concurency"; did you mean "max-concurrency"?',
    ],
  ])('%j is refused at line %i', (text, line, message) => {
    expect(problems(text)).toEqual([`${FILE}:${line} ${message}`]);
  });
});
