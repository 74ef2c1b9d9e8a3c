import { describe, expect, it } from 'vitest';
import type { IrSignature } from '../../ir/part.js';
import { decodeAnthropicSignature, encodeAnthropicSignature } from './map-signature.js';

describe('encodeAnthropicSignature', () => {
  it.each<[string, IrSignature, string | undefined, string]>([
    ['anthropic signature to the client: plain', { provider: 'anthropic', value: 'EqQB' }, undefined, 'EqQB'],
    [
      'other provider to the client: tagged',
      { provider: 'deepseek', value: 'abc' },
      undefined,
      'sb1.deepseek.abc',
    ],
    ['own signature back to its upstream: plain', { provider: 'kimi', value: 'k1' }, 'kimi', 'k1'],
    [
      'anthropic signature to another upstream: tagged',
      { provider: 'anthropic', value: 'x' },
      'kimi',
      'sb1.anthropic.x',
    ],
    [
      'dots and percent in the provider id are escaped',
      { provider: 'a.b%c', value: 'v.w' },
      undefined,
      'sb1.a%2Eb%25c.v.w',
    ],
    ['empty value: nothing to tag', { provider: 'openai', value: '' }, undefined, ''],
  ])('%s', (_name, signature, reader, expected) => {
    expect(encodeAnthropicSignature(signature, reader)).toBe(expected);
  });
});

describe('decodeAnthropicSignature', () => {
  it.each<[string, string, string | undefined, IrSignature]>([
    ['untagged from the client: anthropic', 'EqQB', undefined, { provider: 'anthropic', value: 'EqQB' }],
    ['untagged from an upstream: that upstream', 'z', 'kimi', { provider: 'kimi', value: 'z' }],
    ['tagged: its provider', 'sb1.deepseek.abc', undefined, { provider: 'deepseek', value: 'abc' }],
    ['tagged wins over the default', 'sb1.deepseek.abc', 'kimi', { provider: 'deepseek', value: 'abc' }],
    ['value keeps its own dots', 'sb1.openai.a.b.c', undefined, { provider: 'openai', value: 'a.b.c' }],
    ['escaped provider id', 'sb1.a%2Eb%25c.v', undefined, { provider: 'a.b%c', value: 'v' }],
    [
      'malformed tag (no provider end) is a plain value',
      'sb1.nodot',
      undefined,
      { provider: 'anthropic', value: 'sb1.nodot' },
    ],
    [
      'malformed tag (empty provider) is a plain value',
      'sb1..v',
      undefined,
      { provider: 'anthropic', value: 'sb1..v' },
    ],
  ])('%s', (_name, wire, defaultProvider, expected) => {
    expect(decodeAnthropicSignature(wire, defaultProvider)).toEqual(expected);
  });

  it.each<IrSignature>([
    { provider: 'anthropic', value: 'EqQBCgIYAhIM' },
    { provider: 'deepseek', value: 'sig' },
    { provider: 'x.y', value: 'sb1.inner.v' },
    { provider: '%2E', value: 'v' },
  ])('round trips %j through the client', (signature) => {
    expect(decodeAnthropicSignature(encodeAnthropicSignature(signature))).toEqual(signature);
  });
});
