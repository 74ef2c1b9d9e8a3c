import { describe, expect, it } from 'vitest';
import { compileConfig } from './compile-config.js';
import { compileQuotaExceeded } from './compile-quota-exceeded.js';
import { compileRouter } from './compile-router.js';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import { ACCEPTED_UNUSED_KEYS } from './schema.js';
import { DEFAULTS } from './switchboard-config.js';

const FILE = '/home/me/config.yaml';

function compile(text: string) {
  const { raw, lineOf } = parseConfigText(text, FILE);
  return compileConfig(raw, { env: {}, sourcePath: FILE, lineOf });
}

function problems(text: string): string[] {
  try {
    compile(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatConfigIssue);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('compileRouter', () => {
  it('defaults: no rule, the default long-context threshold', () => {
    expect(compileRouter(undefined)).toEqual({ longContextThreshold: DEFAULTS.longContextThreshold });
    expect(compile('').config.router).toEqual({ longContextThreshold: 60_000 });
  });

  it('reads every rule, trimmed', () => {
    const text = [
      'router:',
      '  background: ollama/qwen3',
      '  think: " deepseek/deepseek-reasoner "',
      '  long-context: gemini/gemini-2.5-pro',
      '  long-context-threshold: 100000',
      '  web-search: openrouter/perplexity/sonar',
    ].join('\n');
    expect(compile(text).config.router).toEqual({
      background: 'ollama/qwen3',
      think: 'deepseek/deepseek-reasoner',
      longContext: 'gemini/gemini-2.5-pro',
      longContextThreshold: 100_000,
      webSearch: 'openrouter/perplexity/sonar',
    });
  });

  it('"" or no value leaves a rule unset (absent)', () => {
    const router = compile('router:\n  background: ""\n  think:\n  web-search: "  "').config.router;
    expect(router).toEqual({ longContextThreshold: 60_000 });
    expect(Object.keys(router)).toEqual(['longContextThreshold']);
  });

  it.each([
    [
      'router:\n  long-context-threshold: 0',
      2,
      'router.long-context-threshold: expected a number of at least 1, found 0',
    ],
    [
      'router:\n  long-context-threshold: 1.5',
      2,
      'router.long-context-threshold: expected an integer, found 1.5',
    ],
    ['router:\n  think: [a]', 2, 'router.think: expected a string, found a list'],
    ['router:\n  websearch: x', 2, 'router.websearch: unknown key "websearch"; did you mean "web-search"?'],
  ])('%j is refused at line %i', (text, line, message) => {
    expect(problems(text)).toEqual([`${FILE}:${line} ${message}`]);
  });
});

describe('compileQuotaExceeded', () => {
  it('defaults: switch the preview model, switch project (as CLIProxyAPI), no warning', () => {
    expect(compileQuotaExceeded(undefined)).toEqual({
      quotaExceeded: { switchPreviewModel: true, switchProject: true },
      warnings: [],
    });
    expect(compile('quota-exceeded:').warnings).toEqual([]);
  });

  it('is no longer an accepted-but-unused key', () => {
    expect(ACCEPTED_UNUSED_KEYS).not.toContain('quota-exceeded');
  });

  it('reads both keys; switch-project written true warns that it is not used yet', () => {
    const { config, warnings } = compile(
      'quota-exceeded:\n  switch-project: true\n  switch-preview-model: false',
    );
    expect(config.quotaExceeded).toEqual({ switchPreviewModel: false, switchProject: true });
    expect(warnings).toEqual(['quota-exceeded.switch-project is accepted but not used yet']);
  });

  it('switch-project false compiles without a warning', () => {
    const { config, warnings } = compile('quota-exceeded:\n  switch-project: false');
    expect(config.quotaExceeded).toEqual({ switchPreviewModel: true, switchProject: false });
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      'quota-exceeded:\n  switch-preview-model: yes please',
      2,
      'quota-exceeded.switch-preview-model: expected true or false, found "yes please"',
    ],
    [
      'quota-exceeded:\n  switch-projects: true',
      2,
      'quota-exceeded.switch-projects: unknown key "switch-projects"; did you mean "switch-project"?',
    ],
    ['quota-exceeded: true', 1, 'quota-exceeded: expected a mapping (key: value), found true'],
  ])('%j is refused at line %i', (text, line, message) => {
    expect(problems(text)).toEqual([`${FILE}:${line} ${message}`]);
  });
});
