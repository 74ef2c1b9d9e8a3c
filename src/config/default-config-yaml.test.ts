import { describe, expect, it } from 'vitest';
import { DEFAULT_COOLDOWN_POLICY } from '../routing/cooldown-policy.js';
import { compileConfig } from './compile-config.js';
import { DEFAULT_CONFIG_YAML } from './default-config-yaml.js';
import { parseConfigText } from './parse-config-text.js';
import { DEFAULTS } from './switchboard-config.js';
import {
  ACCEPTED_UNUSED_KEYS,
  claudeApiKeyEntrySchema,
  codexApiKeyEntrySchema,
  configSchema,
  geminiApiKeyEntrySchema,
  modelRoutingSchema,
  openAiCompatibilityEntrySchema,
  providerLimitsSchema,
  quotaExceededSchema,
  routerSchema,
  thinkingSchema,
  timeoutsSchema,
} from './schema.js';
import { apiKeyEntrySchema, cooldownSchema, routingSchema } from './schema-pool.js';

describe('DEFAULT_CONFIG_YAML', () => {
  it('documents the default cooldown durations', () => {
    expect(DEFAULT_CONFIG_YAML).toContain(
      `rate-limited-max-seconds: ${DEFAULT_COOLDOWN_POLICY.rateLimitMaxMs / 1000} `,
    );
    expect(DEFAULT_CONFIG_YAML).toContain(
      `upstream-seconds: ${DEFAULT_COOLDOWN_POLICY.upstreamCooldownMs / 1000} `,
    );
    expect(DEFAULT_CONFIG_YAML).not.toMatch(/ACCEPTED|undefined|NaN/);
  });

  it('loads: 127.0.0.1:8317, no keys, no upstreams, no warnings', () => {
    const { raw } = parseConfigText(DEFAULT_CONFIG_YAML, 'default');
    const { config, warnings } = compileConfig(raw, { env: {} });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8317, apiKeys: [], upstreams: [] });
    expect(warnings).toEqual([]);
  });

  const documented = [
    ...Object.keys(configSchema.shape).filter(
      (key) => !(ACCEPTED_UNUSED_KEYS as readonly string[]).includes(key),
    ),
    ...Object.keys(claudeApiKeyEntrySchema.shape),
    ...Object.keys(modelRoutingSchema.shape),
    ...Object.keys(openAiCompatibilityEntrySchema.shape),
    ...Object.keys(geminiApiKeyEntrySchema.shape),
    ...Object.keys(codexApiKeyEntrySchema.shape),
    ...Object.keys(thinkingSchema.shape),
    ...Object.keys(apiKeyEntrySchema.shape),
    ...Object.keys(cooldownSchema.shape),
    ...Object.keys(routingSchema.shape),
    ...Object.keys(providerLimitsSchema.shape),
    ...Object.keys(timeoutsSchema.shape),
    ...Object.keys(routerSchema.shape),
    ...Object.keys(quotaExceededSchema.shape),
    ...ACCEPTED_UNUSED_KEYS,
  ];
  it.each(documented)('documents %s', (key) => {
    expect(DEFAULT_CONFIG_YAML).toMatch(
      new RegExp(`(^|[\\s#,])${key.replace('.', '\\.')}(:|,|\\.|\\s)`, 'm'),
    );
  });

  it('its commented examples are valid when uncommented', () => {
    const topLevelKeys = Object.keys(configSchema.shape);
    const example: string[] = [];
    let inExample = false;
    for (const line of DEFAULT_CONFIG_YAML.split('\n')) {
      const key = /^# ([a-z-]+):/.exec(line)?.[1];
      if (key !== undefined && topLevelKeys.includes(key)) inExample = true;
      else if (!/^# {2}/.test(line)) inExample = false;
      if (inExample) example.push(line.slice(2));
    }
    const { raw } = parseConfigText(`${example.join('\n')}\n`, 'uncommented');
    expect(Object.keys(raw)).toEqual(
      expect.arrayContaining([
        'api-keys',
        'debug',
        'proxy-url',
        'model-routing',
        'claude-api-key',
        'openai-compatibility',
        'gemini-api-key',
        'codex-api-key',
        'thinking',
        'discover-local',
        'routing',
        'retry-base-delay',
        'timeouts',
        'router',
        'fallbacks',
        'quota-exceeded',
        'provider-limits',
      ]),
    );
    expect(raw['claude-api-key']).toHaveLength(4);
    expect(raw['openai-compatibility']).toHaveLength(2);
    expect(raw['gemini-api-key']).toHaveLength(1);
    expect(raw['codex-api-key']).toHaveLength(1);
    const { config, warnings } = compileConfig(raw, { env: {} });
    expect(warnings).toEqual([]);
    expect(config.upstreams.map((upstream) => [upstream.id, upstream.format])).toEqual([
      ['anthropic', 'anthropic'],
      ['deepseek', 'anthropic'],
      ['lmstudio', 'anthropic'],
      ['openrouter', 'openai-chat'],
      ['kimi-lan', 'openai-chat'],
      ['gemini', 'gemini'],
      ['prod', 'openai-responses'],
    ]);
    expect(config.upstreams[1]?.modelMaxOutputTokens['deepseek-chat']).toBe(8192);
    expect(config.routing).toEqual({ strategy: 'round-robin' });
    const pools = config.upstreams.map((upstream) =>
      upstream.credentials.map((credential) => [credential.weight, credential.priority]),
    );
    expect(pools.slice(0, 3)).toEqual([
      [
        [1, 0],
        [2, 0],
      ],
      [
        [1, 0],
        [1, -1],
      ],
      [],
    ]);
    expect(config.upstreams[1]?.cooldownPolicy).toEqual({
      ...DEFAULT_COOLDOWN_POLICY,
      rateLimitMaxMs: 300_000,
    });
    expect(config.upstreams[0]?.cooldownPolicy).toBe(DEFAULT_COOLDOWN_POLICY);
    expect(config.upstreams[4]).toMatchObject({
      providerId: 'kimi',
      replayReasoning: true,
      maxOutputTokens: 16384,
    });
    expect(config.upstreams[5]).toMatchObject({
      authStyle: 'x-goog-api-key',
      baseUrl: 'https://generativelanguage.googleapis.com',
      models: [{ name: 'gemini-2.5-pro', alias: 'g2.5p' }],
      excludedModels: ['*-preview'],
    });
    expect(config.upstreams[6]).toMatchObject({
      providerId: 'openai',
      authStyle: 'bearer',
      baseUrl: 'https://api.openai.com/v1',
      headers: { 'X-Team': 'cli' },
      models: [{ name: 'gpt-5', alias: 'g5' }],
    });
    expect(config.thinking).toEqual({ default: true, opus: true, sonnet: true, haiku: false });
    expect(config).toMatchObject({
      retryBaseDelayMs: DEFAULTS.retryBaseDelayMs,
      timeouts: DEFAULTS.timeouts,
      providerLimits: DEFAULTS.limits,
      router: { longContextThreshold: DEFAULTS.longContextThreshold },
      quotaExceeded: { switchPreviewModel: true, switchProject: true },
    });
    expect([...config.fallbacks]).toEqual([['claude-opus-4-5', ['deepseek/deepseek-chat']]]);
  });
});
