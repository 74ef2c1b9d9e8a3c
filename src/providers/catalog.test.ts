import { describe, expect, it } from 'vitest';
import { findProvider, PROVIDER_CATALOG, PROVIDER_IDS, providerForBaseUrl } from './catalog.js';

describe('PROVIDER_CATALOG', () => {
  // Seed 004's provider table (prefix, transport, default base URL) plus Anthropic, OpenAI, Gemini.
  const expected = [
    { id: 'anthropic', format: 'anthropic', baseUrl: 'https://api.anthropic.com' },
    { id: 'openai', format: 'openai-chat', baseUrl: 'https://api.openai.com/v1' },
    { id: 'gemini', format: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' },
    { id: 'deepseek', format: 'anthropic', baseUrl: 'https://api.deepseek.com/anthropic' },
    { id: 'open_router', format: 'anthropic', baseUrl: 'https://openrouter.ai/api/v1' },
    { id: 'fireworks', format: 'anthropic', baseUrl: 'https://api.fireworks.ai/inference/v1' },
    { id: 'friendliai', format: 'anthropic', baseUrl: 'https://api.friendli.ai/serverless/v1' },
    { id: 'nvidia_nim', format: 'openai-chat', baseUrl: 'https://integrate.api.nvidia.com/v1' },
    { id: 'groq', format: 'openai-chat', baseUrl: 'https://api.groq.com/openai/v1' },
    { id: 'cerebras', format: 'openai-chat', baseUrl: 'https://api.cerebras.ai/v1' },
    { id: 'together', format: 'openai-chat', baseUrl: 'https://api.together.xyz/v1' },
    { id: 'kimi', format: 'openai-chat', baseUrl: 'https://api.moonshot.ai/v1' },
    { id: 'ollama', format: 'anthropic', baseUrl: 'http://localhost:11434' },
    { id: 'lmstudio', format: 'anthropic', baseUrl: 'http://localhost:1234/v1' },
    { id: 'llamacpp', format: 'anthropic', baseUrl: 'http://localhost:8080/v1' },
    { id: 'vllm', format: 'anthropic', baseUrl: 'http://localhost:8000/v1' },
    { id: 'cliproxyapi', format: 'anthropic', baseUrl: 'http://localhost:8317/v1' },
  ];

  it('has exactly the seventeen providers, in order', () => {
    expect(PROVIDER_IDS).toEqual(expected.map((provider) => provider.id));
    expect(new Set(PROVIDER_IDS).size).toBe(17);
  });

  it.each(expected)('$id: $format at $baseUrl', ({ id, format, baseUrl }) => {
    expect(findProvider(id)).toMatchObject({ id, format, defaultBaseUrl: baseUrl });
  });

  it.each(PROVIDER_CATALOG.map((provider) => [provider.id, provider] as const))(
    '%s names its docs and follows the variable naming',
    (_id, provider) => {
      expect(provider.docs).toMatch(/^https:\/\//);
      expect(provider.defaultBaseUrl).not.toMatch(/\/$/);
      for (const variable of [
        provider.keyEnv,
        provider.keysEnv,
        provider.keyUsageLimitEnv,
        provider.baseUrlEnv,
        provider.proxyEnv,
      ]) {
        if (variable !== undefined) expect(variable).toMatch(/^[A-Z][A-Z_]*$/);
      }
      if (provider.keyEnv !== undefined) {
        const stem = provider.keyEnv.replace(/_API_KEY$/, '');
        expect(provider.keysEnv).toBe(`${stem}_API_KEYS`);
        expect(provider.keyUsageLimitEnv).toBe(`${stem}_KEY_USAGE_LIMIT`);
        expect(provider.authStyle).not.toBe('none');
      }
    },
  );

  it.each([
    {
      id: 'nvidia_nim',
      keyEnv: 'NVIDIA_NIM_API_KEY',
      baseUrlEnv: 'NVIDIA_NIM_BASE_URL',
      proxy: 'NVIDIA_NIM_PROXY',
    },
    { id: 'groq', keyEnv: 'GROQ_API_KEY', baseUrlEnv: 'GROQ_BASE_URL', proxy: 'GROQ_PROXY' },
    { id: 'cerebras', keyEnv: 'CEREBRAS_API_KEY', baseUrlEnv: 'CEREBRAS_BASE_URL', proxy: 'CEREBRAS_PROXY' },
    { id: 'together', keyEnv: 'TOGETHER_API_KEY', baseUrlEnv: 'TOGETHER_BASE_URL', proxy: 'TOGETHER_PROXY' },
    { id: 'kimi', keyEnv: 'KIMI_API_KEY', baseUrlEnv: 'KIMI_BASE_URL', proxy: 'KIMI_PROXY' },
    { id: 'openai', keyEnv: 'OPENAI_API_KEY', baseUrlEnv: 'OPENAI_BASE_URL', proxy: 'OPENAI_PROXY' },
    { id: 'deepseek', keyEnv: 'DEEPSEEK_API_KEY', baseUrlEnv: 'DEEPSEEK_BASE_URL', proxy: 'DEEPSEEK_PROXY' },
    { id: 'lmstudio', keyEnv: undefined, baseUrlEnv: 'LM_STUDIO_BASE_URL', proxy: 'LMSTUDIO_PROXY' },
    { id: 'anthropic', keyEnv: 'ANTHROPIC_API_KEY', baseUrlEnv: undefined, proxy: 'ANTHROPIC_PROXY' },
    { id: 'gemini', keyEnv: 'GEMINI_API_KEY', baseUrlEnv: 'GEMINI_BASE_URL', proxy: 'GEMINI_PROXY' },
  ])('$id variables: $keyEnv, $baseUrlEnv, $proxy', ({ id, keyEnv, baseUrlEnv, proxy }) => {
    const provider = findProvider(id);
    expect([provider?.keyEnv, provider?.baseUrlEnv, provider?.proxyEnv]).toEqual([keyEnv, baseUrlEnv, proxy]);
  });

  it('gives every openai-chat and gemini provider a 64-character tool name limit, no anthropic one', () => {
    for (const provider of PROVIDER_CATALOG) {
      expect([provider.id, provider.maxToolNameLength]).toEqual([
        provider.id,
        provider.format === 'anthropic' ? undefined : 64,
      ]);
    }
  });

  it('describes Gemini: x-goog-api-key, *_API_KEYS, no count_tokens', () => {
    expect(findProvider('gemini')).toMatchObject({
      displayName: 'Google Gemini',
      authStyle: 'x-goog-api-key',
      keysEnv: 'GEMINI_API_KEYS',
      keyUsageLimitEnv: 'GEMINI_KEY_USAGE_LIMIT',
      countTokens: false,
      docs: 'https://ai.google.dev/api/generate-content',
    });
  });

  it('lets only OpenAI switch its env upstream to the Responses API (OPENAI_RESPONSES)', () => {
    const switchable = PROVIDER_CATALOG.filter((provider) => provider.responsesEnv !== undefined);
    expect(switchable.map((provider) => [provider.id, provider.responsesEnv])).toEqual([
      ['openai', 'OPENAI_RESPONSES'],
    ]);
  });

  it('records the quirks: think tags, reasoning replay, documented output caps', () => {
    const flagged = (flag: 'thinkTags' | 'replayReasoning') =>
      PROVIDER_CATALOG.filter((provider) => provider[flag] === true).map((provider) => provider.id);
    expect(flagged('thinkTags')).toEqual(['groq']);
    expect(flagged('replayReasoning')).toEqual(['deepseek', 'kimi']);
    expect(findProvider('deepseek')?.maxOutputTokens).toEqual({
      'deepseek-chat': 8192,
      'deepseek-reasoner': 65_536,
    });
  });
});

describe('findProvider', () => {
  it('returns undefined for an unknown id', () => {
    expect(findProvider('nope')).toBeUndefined();
  });
});

describe('providerForBaseUrl', () => {
  it.each([
    { url: 'https://api.groq.com/openai/v1', id: 'groq' },
    { url: 'https://integrate.api.nvidia.com/v1', id: 'nvidia_nim' },
    { url: 'https://api.cerebras.ai/v1', id: 'cerebras' },
    { url: 'https://api.together.ai/v1', id: 'together' },
    { url: 'https://api.moonshot.cn/v1', id: 'kimi' },
    { url: 'https://api.openai.com/v1', id: 'openai' },
    { url: 'https://generativelanguage.googleapis.com', id: 'gemini' },
    { url: 'https://generativelanguage.googleapis.com/v1beta/openai', id: 'gemini' },
    { url: 'https://api.deepseek.com/v1', id: 'deepseek' },
    { url: 'https://openrouter.ai/api/v1', id: 'open_router' },
    { url: 'http://127.0.0.1:11434', id: 'ollama' },
    { url: 'http://localhost:1234/v1', id: 'lmstudio' },
    { url: 'http://localhost:9999/v1', id: undefined },
    { url: 'https://relay.example.com/v1', id: undefined },
    { url: 'not a url', id: undefined },
  ])('$url → $id', ({ url, id }) => {
    expect(providerForBaseUrl(url)?.id).toBe(id);
  });
});
