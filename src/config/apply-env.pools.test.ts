import { describe, expect, it } from 'vitest';
import { credentialIdOf } from '../routing/credential.js';
import type { Environment } from './apply-env.js';
import { upstreamsFromEnv } from './apply-env.js';

const NO_IDS: ReadonlySet<string> = new Set();

describe('upstreamsFromEnv: key pools', () => {
  it.each<{ name: string; env: Environment; keys: string[] | undefined }>([
    { name: 'blank key is unset', env: { DEEPSEEK_API_KEY: '  ' }, keys: undefined },
    { name: 'single key trimmed', env: { DEEPSEEK_API_KEY: ' k1 ' }, keys: ['k1'] },
    { name: 'one key in *_KEYS', env: { DEEPSEEK_API_KEYS: 'k1' }, keys: ['k1'] },
    { name: 'comma list', env: { DEEPSEEK_API_KEYS: 'k1,k2' }, keys: ['k1', 'k2'] },
    { name: 'comma and space list', env: { DEEPSEEK_API_KEYS: 'k1, k2 ,k3' }, keys: ['k1', 'k2', 'k3'] },
    {
      name: 'whitespace list',
      env: { DEEPSEEK_API_KEYS: ' k1  k2\nk3\tk4 ' },
      keys: ['k1', 'k2', 'k3', 'k4'],
    },
    { name: 'empty items skipped', env: { DEEPSEEK_API_KEYS: ',k1,,k2,' }, keys: ['k1', 'k2'] },
    {
      name: '*_KEY comes before *_KEYS',
      env: { DEEPSEEK_API_KEY: 'k0', DEEPSEEK_API_KEYS: 'k1, k2' },
      keys: ['k0', 'k1', 'k2'],
    },
    {
      name: 'duplicates count once',
      env: { DEEPSEEK_API_KEY: 'k1', DEEPSEEK_API_KEYS: 'k2 k1 k2' },
      keys: ['k1', 'k2'],
    },
  ])('$name', ({ env, keys }) => {
    const result = upstreamsFromEnv(env, { takenIds: NO_IDS });
    expect(result.warnings).toEqual([]);
    expect(result.issues).toEqual([]);
    const [upstream] = result.upstreams;
    expect(upstream?.credentials.map((credential) => credential.apiKey)).toEqual(keys);
    expect(upstream?.apiKey).toBe(keys?.[0]);
  });

  it('gives every env credential weight 1, priority 0, the provider proxy and a stable id', () => {
    const env = { GROQ_API_KEYS: 'g1,g2', GROQ_PROXY: 'http://p:1' };
    const [upstream] = upstreamsFromEnv(env, { takenIds: NO_IDS }).upstreams;
    expect(upstream?.credentials).toEqual([
      {
        id: credentialIdOf('groq', 'g1', 'http://p:1'),
        apiKey: 'g1',
        proxyUrl: 'http://p:1',
        weight: 1,
        priority: 0,
      },
      {
        id: credentialIdOf('groq', 'g2', 'http://p:1'),
        apiKey: 'g2',
        proxyUrl: 'http://p:1',
        weight: 1,
        priority: 0,
      },
    ]);
    const [again] = upstreamsFromEnv(env, { takenIds: NO_IDS }).upstreams;
    expect(again?.credentials.map((credential) => credential.id)).toEqual(
      upstream?.credentials.map((credential) => credential.id),
    );
  });

  it('uses the global proxy for env credentials without a provider proxy', () => {
    const [upstream] = upstreamsFromEnv(
      { KIMI_API_KEYS: 'a b' },
      { takenIds: NO_IDS, globalProxyUrl: 'socks5://g:1080' },
    ).upstreams;
    expect(upstream?.credentials.map((credential) => credential.proxyUrl)).toEqual([
      'socks5://g:1080',
      'socks5://g:1080',
    ]);
  });

  it.each([
    { limit: undefined, expected: undefined },
    { limit: '', expected: undefined },
    { limit: '0', expected: undefined },
    { limit: '25', expected: 25 },
    { limit: ' 3 ', expected: 3 },
  ])(
    '*_KEY_USAGE_LIMIT=$limit → usageLimit $expected on every credential, no warning',
    ({ limit, expected }) => {
      const env = { GROQ_API_KEY: 'g0', GROQ_API_KEYS: 'g1 g2', GROQ_KEY_USAGE_LIMIT: limit };
      const result = upstreamsFromEnv(env, { takenIds: NO_IDS });
      expect(result.warnings).toEqual([]);
      expect(result.upstreams[0]?.credentials.map((credential) => credential.usageLimit)).toEqual([
        expected,
        expected,
        expected,
      ]);
    },
  );

  it.each(['-1', '2.5', 'ten'])('rejects *_KEY_USAGE_LIMIT=%s without showing keys', (limit) => {
    const result = upstreamsFromEnv(
      { GROQ_API_KEY: 'secret', GROQ_KEY_USAGE_LIMIT: limit },
      { takenIds: NO_IDS },
    );
    expect(result.issues).toEqual([
      expect.objectContaining({ file: 'environment', path: 'GROQ_KEY_USAGE_LIMIT' }),
    ]);
    expect(result.issues[0]?.message).not.toContain('secret');
  });

  it('skips a pool whose id a file entry took, with one warning naming the first variable', () => {
    const result = upstreamsFromEnv({ GROQ_API_KEYS: 'g1 g2' }, { takenIds: new Set(['groq']) });
    expect(result.upstreams).toEqual([]);
    expect(result.warnings).toEqual([
      'GROQ_API_KEYS is set but not used: the config file already defines upstream "groq"',
    ]);
  });
});
