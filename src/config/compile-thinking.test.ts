import { describe, expect, it } from 'vitest';
import type { Environment } from './apply-env.js';
import { compileThinking } from './compile-thinking.js';
import { compileConfig } from './compile-config.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import type { RawThinking } from './schema.js';
import type { ThinkingSwitches } from './switchboard-config.js';

describe('compileThinking', () => {
  it.each<{ name: string; yaml?: RawThinking; env?: Environment; expected: ThinkingSwitches }>([
    { name: 'nothing set: leave requests as they are', expected: {} },
    {
      name: 'ENABLE_MODEL_THINKING alone covers every tier',
      env: { ENABLE_MODEL_THINKING: 'true' },
      expected: { default: true, opus: true, sonnet: true, haiku: true },
    },
    {
      name: 'blank tier variables inherit the model-wide one (seed 004 .env.example)',
      env: {
        ENABLE_MODEL_THINKING: 'true',
        ENABLE_OPUS_THINKING: '',
        ENABLE_SONNET_THINKING: ' ',
        ENABLE_HAIKU_THINKING: 'false',
      },
      expected: { default: true, opus: true, sonnet: true, haiku: false },
    },
    {
      name: 'a tier alone leaves the others and default unset',
      env: { ENABLE_HAIKU_THINKING: 'no' },
      expected: { haiku: false },
    },
    {
      name: 'spellings: 1/0/yes/no, any case',
      env: { ENABLE_OPUS_THINKING: '1', ENABLE_SONNET_THINKING: '0', ENABLE_HAIKU_THINKING: ' YES ' },
      expected: { opus: true, sonnet: false, haiku: true },
    },
    {
      name: 'YAML alone',
      yaml: { default: false, opus: true, sonnet: null },
      expected: { default: false, opus: true, sonnet: false, haiku: false },
    },
    {
      name: 'a variable wins over the same YAML key',
      yaml: { default: true, haiku: true },
      env: { ENABLE_MODEL_THINKING: 'false', ENABLE_HAIKU_THINKING: 'False' },
      expected: { default: false, opus: false, sonnet: false, haiku: false },
    },
    {
      name: "a YAML tier beats the inherited default (a tier's own value comes first)",
      yaml: { opus: false },
      env: { ENABLE_MODEL_THINKING: 'true' },
      expected: { default: true, opus: false, sonnet: true, haiku: true },
    },
  ])('$name', ({ yaml, env, expected }) => {
    const result = compileThinking(yaml, env ?? {});
    expect(result.issues).toEqual([]);
    expect(result.thinking).toEqual(expected);
  });

  it('reports an invalid variable and falls back to the YAML value', () => {
    const result = compileThinking({ opus: true }, { ENABLE_OPUS_THINKING: 'maybe' });
    expect(result.thinking).toEqual({ opus: true });
    expect(result.issues).toEqual([
      {
        file: 'environment',
        path: 'ENABLE_OPUS_THINKING',
        message: 'expected true, false, 1, 0, yes or no, found "maybe"',
      },
    ]);
  });
});

describe('compileConfig: thinking', () => {
  it('compiles the YAML mapping with env overrides', () => {
    const { raw } = parseConfigText('thinking:\n  default: true\n  haiku: false\n', 'config.yaml');
    const { config } = compileConfig(raw, { env: { ENABLE_SONNET_THINKING: 'false' } });
    expect(config.thinking).toEqual({ default: true, opus: true, sonnet: false, haiku: false });
  });

  it('rejects an invalid switch value with its line', () => {
    try {
      parseConfigText('port: 8317\nthinking:\n  opus: "on"\n', 'config.yaml');
      throw new Error('expected a ConfigError');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.issues).toEqual([
        {
          file: 'config.yaml',
          line: 3,
          path: 'thinking.opus',
          message: 'expected true or false, found "on"',
        },
      ]);
    }
  });

  it('throws an invalid ENABLE_*_THINKING variable as a ConfigError', () => {
    const { raw } = parseConfigText('', 'config.yaml');
    expect(() => compileConfig(raw, { env: { ENABLE_MODEL_THINKING: 'sometimes' } })).toThrow(ConfigError);
  });
});
