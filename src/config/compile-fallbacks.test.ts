import { describe, expect, it } from 'vitest';
import { compileConfig } from './compile-config.js';
import { compileFallbacks } from './compile-fallbacks.js';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';

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

describe('compileFallbacks', () => {
  it('defaults to an empty map', () => {
    expect(compile('').config.fallbacks).toEqual(new Map());
    expect(compileFallbacks(null, { file: FILE, lineOf: () => undefined })).toEqual({
      fallbacks: new Map(),
      warnings: [],
      issues: [],
    });
  });

  it('keeps models and their lists in file order, trimmed', () => {
    const text = [
      'fallbacks:',
      '  claude-opus-4-5: [backup/claude-opus-4-5, openrouter/anthropic/claude-opus-4.5, deepseek/deepseek-chat]',
      '  "deepseek/deepseek-chat":',
      '    - " ollama/qwen3 "',
      '  gpt-5: [codex/gpt-5]',
    ].join('\n');
    const { config, warnings } = compile(text);
    expect(warnings).toEqual([]);
    expect([...config.fallbacks]).toEqual([
      [
        'claude-opus-4-5',
        ['backup/claude-opus-4-5', 'openrouter/anthropic/claude-opus-4.5', 'deepseek/deepseek-chat'],
      ],
      ['deepseek/deepseek-chat', ['ollama/qwen3']],
      ['gpt-5', ['codex/gpt-5']],
    ]);
  });

  it('drops the model itself and repeats, with a warning at their line', () => {
    const text = [
      'fallbacks:',
      '  opus:',
      '    - opus',
      '    - backup/opus',
      '    - backup/opus',
      '  sonnet: [sonnet]',
    ].join('\n');
    const { config, warnings } = compile(text);
    expect([...config.fallbacks]).toEqual([['opus', ['backup/opus']]]);
    expect(warnings).toEqual([
      `${FILE}:3 fallbacks.opus[0]: "opus" is the model itself; dropped`,
      `${FILE}:5 fallbacks.opus[2]: "backup/opus" is already listed; dropped`,
      `${FILE}:6 fallbacks.sonnet[0]: "sonnet" is the model itself; dropped`,
    ]);
  });

  it('does not resolve references: unknown upstreams are accepted', () => {
    expect([...compile('fallbacks:\n  a: [nowhere/b]').config.fallbacks]).toEqual([['a', ['nowhere/b']]]);
  });

  it.each([
    [
      'fallbacks:\n  opus: []',
      2,
      'fallbacks.opus: expected at least one model reference to fall back to, found an empty list',
    ],
    ['fallbacks:\n  opus:', 2, 'fallbacks.opus: expected a list, found an empty value'],
    ['fallbacks:\n  opus: backup/opus', 2, 'fallbacks.opus: expected a list, found "backup/opus"'],
    [
      'fallbacks:\n  opus: [backup/opus, ""]',
      2,
      'fallbacks.opus[1]: expected a non-empty model reference, found an empty string',
    ],
    [
      'fallbacks:\n  opus:\n    - " "',
      3,
      'fallbacks.opus[0]: expected a non-empty model reference, found " "',
    ],
    [
      'fallbacks:\n  "": [backup/opus]',
      2,
      'fallbacks.: expected a non-empty model name or reference, found ""',
    ],
    ['fallbacks: [a, b]', 1, 'fallbacks: expected a mapping (key: value), found a list'],
  ])('%j is refused at line %i', (text, line, message) => {
    expect(problems(text)).toEqual([`${FILE}:${line} ${message}`]);
  });

  it('refuses two keys that are the same model once trimmed', () => {
    expect(problems('fallbacks:\n  opus: [a/b]\n  " opus": [c/d]')).toEqual([
      `${FILE}:3 fallbacks. opus: expected each model once, found "opus" again`,
    ]);
  });
});
