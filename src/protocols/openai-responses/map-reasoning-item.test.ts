import { describe, expect, it } from 'vitest';
import type { OpenAIReasoningState } from './map-reasoning-item.js';
import {
  clientReasoningFields,
  decodeClientReasoning,
  packReasoningState,
  splitReasoningText,
  unpackReasoningState,
  upstreamReasoningState,
} from './map-reasoning-item.js';

describe('packed reasoning state', () => {
  it.each<[OpenAIReasoningState]>([
    [{ id: 'rs_1', encryptedContent: 'gAAAA+/=' }],
    [{ id: 'rs_2' }],
    [{ encryptedContent: 'only' }],
  ])('round-trips %j as base64 JSON', (state) => {
    const value = packReasoningState(state);
    expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(value, 'base64').toString('utf8'))).toEqual({
      ...(state.id === undefined ? {} : { id: state.id }),
      ...(state.encryptedContent === undefined ? {} : { encrypted_content: state.encryptedContent }),
    });
    expect(unpackReasoningState(value)).toEqual({ id: state.id, encryptedContent: state.encryptedContent });
  });

  it.each([
    '',
    'EqQBCkYIBxgC',
    'not base64!',
    Buffer.from('{"x":1}').toString('base64'),
    Buffer.from('[1]').toString('base64'),
  ])('is not read from a foreign value (%s)', (value) => {
    expect(unpackReasoningState(value)).toBeUndefined();
  });

  it('is only sent to the provider that signed it', () => {
    const signature = {
      provider: 'openai',
      value: packReasoningState({ id: 'rs_1', encryptedContent: 'e' }),
    };
    expect(upstreamReasoningState(signature, 'openai')).toEqual({ id: 'rs_1', encryptedContent: 'e' });
    expect(upstreamReasoningState(signature, 'azure')).toBeUndefined();
    expect(upstreamReasoningState(undefined, 'openai')).toBeUndefined();
  });
});

describe('reasoning through a Responses client', () => {
  it.each([
    [
      'OpenAI state, as JSON answers give it',
      { provider: 'openai', value: packReasoningState({ id: 'rs_1', encryptedContent: 'gAAAA' }) },
      true,
    ],
    [
      'OpenAI state, as streams give it',
      { provider: 'openai', value: packReasoningState({ id: 'rs_1', encryptedContent: 'gAAAA' }) },
      false,
    ],
    ['an Anthropic signature', { provider: 'anthropic', value: 'EqQBCkYIBxgC' }, true],
    ['a provider id with dots', { provider: 'my.vllm', value: 'sig' }, true],
  ])('%s comes back as the same signature', (_name, signature, original) => {
    const fields = clientReasoningFields(signature, 'rs_generated', original);
    const back = decodeClientReasoning(fields.id, fields.encrypted_content);
    if (back.kind !== 'signed') throw new Error(`not signed: ${JSON.stringify(back)}`);
    if (signature.provider === 'openai') {
      expect(back.signature.provider).toBe('openai');
      expect(unpackReasoningState(back.signature.value)).toEqual({ id: 'rs_1', encryptedContent: 'gAAAA' });
    } else expect(back.signature).toEqual(signature);
  });

  it('gives OpenAI state back raw in JSON answers, tagged in streams', () => {
    const signature = {
      provider: 'openai',
      value: packReasoningState({ id: 'rs_1', encryptedContent: 'gAAAA' }),
    };
    expect(clientReasoningFields(signature, 'rs_gen', true)).toEqual({
      id: 'rs_1',
      encrypted_content: 'gAAAA',
    });
    expect(clientReasoningFields(signature, 'rs_gen', false)).toEqual({
      id: 'rs_gen',
      encrypted_content: `sb1.openai.${signature.value}`,
    });
    expect(clientReasoningFields(undefined, 'rs_gen', true)).toEqual({ id: 'rs_gen' });
  });

  it('reads redacted reasoning and untagged items', () => {
    expect(decodeClientReasoning('rs_x', 'sbr1.anthropic.EmwK')).toEqual({
      kind: 'redacted',
      provider: 'anthropic',
      data: 'EmwK',
    });
    expect(decodeClientReasoning(undefined, undefined)).toEqual({ kind: 'unsigned' });
    expect(decodeClientReasoning('rs_x', 'sb1.')).toEqual({
      kind: 'signed',
      signature: { provider: 'openai', value: packReasoningState({ id: 'rs_x', encryptedContent: 'sb1.' }) },
    });
  });
});

describe('splitReasoningText', () => {
  it.each<[string, number[] | undefined, string[]]>([
    ['One.\n\nTwo.', [4, 4], ['One.', 'Two.']],
    ['One.\n\nTwo. edited', [4, 4], ['One.\n\nTwo. edited']],
    ['Whole', undefined, ['Whole']],
    ['', undefined, []],
    ['', [0], ['']],
  ])('%j with %j', (text, lengths, expected) => {
    expect(splitReasoningText(text, lengths)).toEqual(expected);
  });
});
