import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredential, credentialIdOf } from './credential.js';

describe('credentialIdOf', () => {
  it('is cred_ + 12 hex of sha256(upstream \\0 key \\0 proxy)', () => {
    const expected = createHash('sha256').update('openrouter\0sk-or-1\0').digest('hex').slice(0, 12);
    expect(credentialIdOf('openrouter', 'sk-or-1')).toBe(`cred_${expected}`);
    expect(credentialIdOf('openrouter', 'sk-or-1')).toMatch(/^cred_[0-9a-f]{12}$/);
  });

  it('is stable, and changes with the upstream, the key or the proxy', () => {
    const base = credentialIdOf('a', 'key');
    expect(credentialIdOf('a', 'key')).toBe(base);
    expect(credentialIdOf('a', 'key', '')).toBe(base);
    expect(credentialIdOf('b', 'key')).not.toBe(base);
    expect(credentialIdOf('a', 'key2')).not.toBe(base);
    expect(credentialIdOf('a', 'key', 'http://proxy:8080')).not.toBe(base);
  });

  it('never contains the key', () => {
    expect(credentialIdOf('a', 'cred_abcdef')).not.toContain('abcdef');
  });
});

describe('createCredential', () => {
  it('applies defaults', () => {
    expect(createCredential('a', { apiKey: 'k' })).toEqual({
      id: credentialIdOf('a', 'k'),
      apiKey: 'k',
      weight: 1,
      priority: 0,
    });
  });

  it('keeps prefix, proxy and usage limit; drops empty ones', () => {
    const credential = createCredential('a', {
      apiKey: 'k',
      proxyUrl: 'socks5://p:1080',
      prefix: 'test',
      usageLimit: 5,
      weight: 2.6,
      priority: 3,
    });
    expect(credential).toMatchObject({ prefix: 'test', usageLimit: 5, weight: 3, priority: 3 });
    expect(credential.id).toBe(credentialIdOf('a', 'k', 'socks5://p:1080'));
    const bare = createCredential('a', { apiKey: 'k', prefix: '', proxyUrl: '', usageLimit: 0 });
    expect(bare).toEqual({ id: credentialIdOf('a', 'k'), apiKey: 'k', weight: 1, priority: 0 });
  });

  it('clamps weights to 1…1000 and rejects nonsense', () => {
    expect(createCredential('a', { apiKey: 'k', weight: 0 }).weight).toBe(1);
    expect(createCredential('a', { apiKey: 'k', weight: 5000 }).weight).toBe(1000);
    expect(() => createCredential('a', { apiKey: 'k', weight: Number.NaN })).toThrow(RangeError);
    expect(() => createCredential('a', { apiKey: 'k', priority: Infinity })).toThrow(RangeError);
    expect(() => createCredential('a', { apiKey: 'k', usageLimit: -1 })).toThrow(RangeError);
  });
});
