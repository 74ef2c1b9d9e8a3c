import { describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import type { UpstreamConfig } from '../config/switchboard-config.js';
import { previewVariantsOf, resolveFallbacks } from './resolve-fallbacks.js';
import { resolveModel } from './resolve-model.js';
import { getRouteTable, type RouteTarget } from './route-table.js';

function upstream(id: string, fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
  return makeUpstream(id, { apiKey: 'k', authStyle: 'x-api-key', ...fields });
}

const gemini = upstream('gemini', {
  format: 'gemini',
  models: [
    { name: 'gemini-2.5-pro', alias: 'g2.5p' },
    { name: 'gemini-2.5-pro-preview-06-05' },
    { name: 'gemini-2.5-pro-preview-05-06' },
    { name: 'gemini-2.5-flash' },
    { name: 'gemini-2.5-flash-preview-09-2025' },
    { name: 'gemini-3-pro-preview' },
  ],
  excludedModels: ['*flash-preview*'],
});
const deepseek = upstream('deepseek', { models: [{ name: 'deepseek-chat', alias: 'ds' }] });
const mirror = upstream('mirror', { models: [{ name: 'deepseek-chat' }] });
const anthropic = upstream('anthropic');

const names = (targets: readonly RouteTarget[]) =>
  targets.map((target) => `${target.route.upstream.id}/${target.model}`);

function plan(
  fallbacks: Record<string, string[]>,
  requested: string,
  upstreams = [gemini, deepseek, mirror],
) {
  const table = getRouteTable(
    makeConfig(upstreams, { opus: 'g2.5p' }, { fallbacks: new Map(Object.entries(fallbacks)) }),
  );
  const result = resolveFallbacks(table, resolveModel(table, requested));
  return {
    key: result.key,
    stages: result.stages.map((stage) => ({
      reference: stage.reference,
      candidates: names(stage.candidates),
    })),
    unresolved: result.unresolved,
  };
}

describe('resolveFallbacks', () => {
  it('is empty without fallbacks', () => {
    expect(plan({}, 'ds')).toEqual({ key: undefined, stages: [], unresolved: [] });
    expect(plan({ other: ['ds'] }, 'g2.5p')).toEqual({ key: undefined, stages: [], unresolved: [] });
  });

  it('looks up the requested model first', () => {
    const result = plan(
      { 'claude-opus-4-8': ['ds'], 'gemini/gemini-2.5-pro': ['gemini-2.5-flash'] },
      'claude-opus-4-8',
    );
    expect(result.key).toBe('claude-opus-4-8');
    expect(result.stages).toEqual([{ reference: 'ds', candidates: ['deepseek/deepseek-chat'] }]);
  });

  it('then the primary candidate as upstream/model, then its bare model name', () => {
    expect(
      plan(
        { 'gemini/gemini-2.5-pro': ['deepseek/ds'], 'gemini-2.5-pro': ['gemini-2.5-flash'] },
        'claude-opus-4-8',
      ),
    ).toMatchObject({ key: 'gemini/gemini-2.5-pro', stages: [{ candidates: ['deepseek/deepseek-chat'] }] });
    expect(plan({ 'gemini-2.5-pro': ['gemini-2.5-flash'] }, 'g2.5p')).toMatchObject({
      key: 'gemini-2.5-pro',
      stages: [{ reference: 'gemini-2.5-flash', candidates: ['gemini/gemini-2.5-flash'] }],
    });
  });

  it('looks at every primary candidate in order', () => {
    expect(plan({ 'mirror/deepseek-chat': ['gemini-2.5-flash'] }, 'deepseek-chat').key).toBe(
      'mirror/deepseek-chat',
    );
  });

  it('reports references that resolve nowhere and keeps the rest in order', () => {
    expect(plan({ ds: ['nowhere/x', 'gemini-2.5-flash', 'no-such-model', 'g2.5p'] }, 'ds')).toEqual({
      key: 'ds',
      stages: [
        { reference: 'gemini-2.5-flash', candidates: ['gemini/gemini-2.5-flash'] },
        { reference: 'g2.5p', candidates: ['gemini/gemini-2.5-pro'] },
      ],
      unresolved: ['nowhere/x', 'no-such-model'],
    });
  });

  it('drops a stage that repeats the primary or an earlier stage', () => {
    expect(
      plan({ 'deepseek-chat': ['deepseek-chat', 'gemini/gemini-2.5-pro', 'g2.5p', 'ds'] }, 'deepseek-chat')
        .stages,
    ).toEqual([
      { reference: 'gemini/gemini-2.5-pro', candidates: ['gemini/gemini-2.5-pro'] },
      { reference: 'ds', candidates: ['deepseek/deepseek-chat'] },
    ]);
  });

  it('sends a bare reference to an open upstream, as tier targets', () => {
    expect(plan({ ds: ['gpt-5'] }, 'ds', [deepseek, anthropic]).stages).toEqual([
      { reference: 'gpt-5', candidates: ['anthropic/gpt-5'] },
    ]);
  });
});

describe('previewVariantsOf', () => {
  const table = getRouteTable(makeConfig([gemini, anthropic]));
  const target = (model: string, id = 'gemini'): RouteTarget => {
    const route = table.byReferenceName.get(id);
    if (route === undefined) throw new Error(id);
    return { route, model };
  };

  it('lists listed models named <model>-preview…, in list order', () => {
    expect(names(previewVariantsOf(target('gemini-2.5-pro')))).toEqual([
      'gemini/gemini-2.5-pro-preview-06-05',
      'gemini/gemini-2.5-pro-preview-05-06',
    ]);
    expect(names(previewVariantsOf(target('gemini-3-pro')))).toEqual(['gemini/gemini-3-pro-preview']);
  });

  it('skips excluded variants, other prefixes and open upstreams', () => {
    expect(previewVariantsOf(target('gemini-2.5-flash'))).toEqual([]);
    expect(previewVariantsOf(target('gemini-2.5'))).toEqual([]);
    expect(previewVariantsOf(target('claude-opus-4-8', 'anthropic'))).toEqual([]);
  });
});
