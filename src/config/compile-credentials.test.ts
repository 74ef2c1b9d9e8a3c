import { describe, expect, it } from 'vitest';
import { credentialIdOf } from '../routing/credential.js';
import type { RawCredentialSource } from './compile-credentials.js';
import { buildCredentials, compilePool, credentialInputsOf } from './compile-credentials.js';

const GLOBAL = 'http://global:1';

describe('credentialInputsOf', () => {
  it.each<{ name: string; item: RawCredentialSource; expected: unknown[] }>([
    { name: 'no key at all', item: {}, expected: [] },
    {
      name: 'blank keys are skipped',
      item: { 'api-key': ' ', 'api-key-entries': [{ 'api-key': '' }] },
      expected: [],
    },
    {
      name: 'api-key trimmed, the global proxy',
      item: { 'api-key': ' k ' },
      expected: [{ apiKey: 'k', proxyUrl: GLOBAL, weight: undefined, priority: undefined }],
    },
    {
      name: 'entry weight, priority and proxy apply to every key that has none of its own',
      item: {
        'api-key': 'a',
        'proxy-url': 'http://entry:2',
        weight: 3,
        priority: 1,
        'api-key-entries': [
          { 'api-key': 'b' },
          { 'api-key': 'c', weight: 5, priority: -1, 'proxy-url': 'http://own:3' },
        ],
      },
      expected: [
        { apiKey: 'a', proxyUrl: 'http://entry:2', weight: 3, priority: 1 },
        { apiKey: 'b', proxyUrl: 'http://entry:2', weight: 3, priority: 1, prefix: undefined },
        { apiKey: 'c', proxyUrl: 'http://own:3', weight: 5, priority: -1, prefix: undefined },
      ],
    },
    {
      name: 'an empty proxy-url inherits; a prefix comes only from the key entry',
      item: { 'proxy-url': '', 'api-key-entries': [{ 'api-key': 'b', 'proxy-url': '', prefix: 'team' }] },
      expected: [{ apiKey: 'b', proxyUrl: GLOBAL, weight: undefined, priority: undefined, prefix: 'team' }],
    },
    {
      name: 'api-key, then api-key-entries, then api-keys',
      item: { 'api-keys': ['z'], 'api-key-entries': [{ 'api-key': 'y' }], 'api-key': 'x' },
      expected: [
        expect.objectContaining({ apiKey: 'x' }),
        expect.objectContaining({ apiKey: 'y' }),
        expect.objectContaining({ apiKey: 'z' }),
      ],
    },
  ])('$name', ({ item, expected }) => {
    expect(credentialInputsOf(item, GLOBAL)).toEqual(expected);
  });
});

describe('buildCredentials', () => {
  it('applies defaults, ids from the upstream, key and proxy; a repeated key counts once (first wins)', () => {
    const credentials = buildCredentials('up', [
      { apiKey: 'a' },
      { apiKey: 'b', proxyUrl: 'http://p:1', weight: 2, priority: 1, prefix: 'team' },
      { apiKey: 'a', weight: 9 },
    ]);
    expect(credentials).toEqual([
      { id: credentialIdOf('up', 'a'), apiKey: 'a', weight: 1, priority: 0 },
      {
        id: credentialIdOf('up', 'b', 'http://p:1'),
        apiKey: 'b',
        proxyUrl: 'http://p:1',
        weight: 2,
        priority: 1,
        prefix: 'team',
      },
    ]);
  });

  it('is stable, and the id changes with the key, the proxy and the upstream only', () => {
    const [first] = buildCredentials('up', [{ apiKey: 'a', weight: 1 }]);
    const [again] = buildCredentials('up', [{ apiKey: 'a', weight: 7, priority: 3 }]);
    expect(again?.id).toBe(first?.id);
    expect(buildCredentials('up', [{ apiKey: 'a2' }])[0]?.id).not.toBe(first?.id);
    expect(buildCredentials('up', [{ apiKey: 'a', proxyUrl: 'http://p:1' }])[0]?.id).not.toBe(first?.id);
    expect(buildCredentials('up2', [{ apiKey: 'a' }])[0]?.id).not.toBe(first?.id);
    expect(buildCredentials('up', [{ apiKey: 'secret-value' }])[0]?.id).not.toContain('secret');
  });

  it('clamps a weight above 1000', () => {
    expect(buildCredentials('up', [{ apiKey: 'a', weight: 1_000_000 }])[0]?.weight).toBe(1000);
  });
});

describe('compilePool', () => {
  it.each([
    {
      name: 'keys of several items, in item order',
      items: [{ 'api-key': 'a' }, { 'api-key': 'b', 'proxy-url': 'http://b:1' }],
      expected: { apiKey: 'a', proxyUrl: GLOBAL, keys: ['a', 'b'] },
    },
    {
      name: "the first credential's proxy",
      items: [{ 'api-key-entries': [{ 'api-key': 'a', 'proxy-url': 'http://a:1' }] }],
      expected: { apiKey: 'a', proxyUrl: 'http://a:1', keys: ['a'] },
    },
    {
      name: "keyless: no credentials, the first item's proxy",
      items: [{ 'proxy-url': 'http://entry:2' }, {}],
      expected: { apiKey: '', proxyUrl: 'http://entry:2', keys: [] },
    },
  ])('$name', ({ items, expected }) => {
    const pool = compilePool('up', items, GLOBAL);
    expect({
      apiKey: pool.apiKey,
      proxyUrl: pool.proxyUrl,
      keys: pool.credentials.map((credential) => credential.apiKey),
    }).toEqual(expected);
  });
});
