import { describe, expect, it } from 'vitest';
import { getRouteTable } from '../routing/route-table.js';
import { resolveModel, resolveReference } from '../routing/resolve-model.js';
import { compileConfig } from './compile-config.js';
import { parseConfigText } from './parse-config-text.js';

/** A config compiled from an empty file and `env`. */
function configOf(env: Record<string, string>) {
  return compileConfig(parseConfigText('', 'config.yaml').raw, { env }).config;
}

describe('env upstreams in model references (seed 004 `provider_id/model/name`)', () => {
  it.each([
    { variable: 'NVIDIA_NIM_API_KEY', reference: 'nvidia_nim/z-ai/glm4.7', model: 'z-ai/glm4.7' },
    {
      variable: 'GROQ_API_KEY',
      reference: 'groq/llama-4-maverick-17b-128e',
      model: 'llama-4-maverick-17b-128e',
    },
    {
      variable: 'TOGETHER_API_KEY',
      reference: 'together/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
      model: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
    },
    { variable: 'CEREBRAS_API_KEY', reference: 'cerebras/zai-glm-4.7', model: 'zai-glm-4.7' },
    { variable: 'KIMI_API_KEY', reference: 'kimi/kimi-k2.6', model: 'kimi-k2.6' },
    { variable: 'OPENAI_API_KEY', reference: 'openai/gpt-4.1', model: 'gpt-4.1' },
  ])('$reference → $model on the $variable upstream', ({ variable, reference, model }) => {
    const table = getRouteTable(configOf({ [variable]: 'key', MODEL: reference }));
    const [target, ...rest] = resolveReference(table, reference);
    expect(rest).toEqual([]);
    expect([target?.route.upstream.id, target?.route.upstream.format, target?.model]).toEqual([
      reference.slice(0, reference.indexOf('/')),
      'openai-chat',
      model,
    ]);
  });

  it('routes a Claude Code tier to an env upstream through MODEL_SONNET', () => {
    const table = getRouteTable(configOf({ KIMI_API_KEY: 'k', MODEL_SONNET: 'kimi/kimi-k2.6' }));
    const resolution = resolveModel(table, 'claude-sonnet-4-5');
    expect(resolution.step).toBe('tier');
    expect(resolution.candidates.map((target) => [target.route.upstream.id, target.model])).toEqual([
      ['kimi', 'kimi-k2.6'],
    ]);
  });
});
