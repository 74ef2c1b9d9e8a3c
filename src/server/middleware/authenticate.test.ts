import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../errors/gateway-error.js';
import { authenticate, createInboundKeySet, keyIdOf } from './authenticate.js';

const KEY = 'sk-gateway-1';
const OTHER_KEY = 'sk-gateway-2';
const COLON_KEY = 'team:s3cret';
const keys = createInboundKeySet([KEY, OTHER_KEY, COLON_KEY]);
const noKeys = createInboundKeySet([]);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('authenticate without configured keys', () => {
  it.each<[string, IncomingHttpHeaders, string | undefined]>([
    ['no credential at all', {}, undefined],
    ['a client key', { 'x-api-key': 'sk-ant-whatever' }, undefined],
    ['anything:up/model as x-api-key', { 'x-api-key': 'anything:ollama/llama3.1:8b' }, 'ollama/llama3.1:8b'],
    [
      'anything:up/model as Bearer',
      { authorization: 'Bearer anything:deepseek/deepseek-chat' },
      'deepseek/deepseek-chat',
    ],
    ['empty reference', { 'x-api-key': 'anything:' }, undefined],
    ['leading colon is no KEY', { 'x-api-key': ':ollama/x' }, undefined],
  ])('%s is accepted', (_name, headers, override) => {
    expect(authenticate(headers, noKeys)).toEqual({ keyId: undefined, modelOverride: override });
  });
});

describe('authenticate with configured keys', () => {
  it.each<[string, IncomingHttpHeaders, string]>([
    ['x-api-key', { 'x-api-key': KEY }, KEY],
    ['Authorization: Bearer', { authorization: `Bearer ${KEY}` }, KEY],
    ['lower-case bearer', { authorization: `bearer ${KEY}` }, KEY],
    ['upper-case BEARER, extra spaces', { authorization: `  BEARER   ${KEY}  ` }, KEY],
    ['anthropic-auth-token', { 'anthropic-auth-token': KEY }, KEY],
    ['the second configured key', { 'x-api-key': OTHER_KEY }, OTHER_KEY],
    ['x-api-key before a wrong Bearer', { 'x-api-key': KEY, authorization: 'Bearer nope' }, KEY],
    [
      'Bearer before a wrong anthropic-auth-token',
      { authorization: `Bearer ${KEY}`, 'anthropic-auth-token': 'nope' },
      KEY,
    ],
    ['an empty x-api-key falls through to Bearer', { 'x-api-key': '', authorization: `Bearer ${KEY}` }, KEY],
    [
      'a non-Bearer Authorization falls through',
      { authorization: 'Basic abc', 'anthropic-auth-token': KEY },
      KEY,
    ],
    ['a key containing a colon, matched whole', { 'x-api-key': COLON_KEY }, COLON_KEY],
  ])('%s is accepted', (_name, headers, key) => {
    expect(authenticate(headers, keys)).toEqual({ keyId: keyIdOf(key), modelOverride: undefined });
  });

  it.each<[string, string, string]>([
    ['KEY:upstream/model', `${KEY}:deepseek/deepseek-chat`, 'deepseek/deepseek-chat'],
    [
      'a reference with slashes and a colon',
      `${KEY}:open_router/google/gemma:free`,
      'open_router/google/gemma:free',
    ],
    ['an Ollama tag', `${OTHER_KEY}:ollama/llama3.1:8b`, 'ollama/llama3.1:8b'],
    ['a bare alias', `${KEY}:ds`, 'ds'],
  ])('%s pins the model and checks only KEY', (_name, token, override) => {
    const key = token.slice(0, token.indexOf(':'));
    for (const headers of [{ 'x-api-key': token }, { authorization: `Bearer ${token}` }]) {
      expect(authenticate(headers, keys)).toEqual({ keyId: keyIdOf(key), modelOverride: override });
    }
  });

  it('reads a pinned model from the first colon only when the whole token is no key', () => {
    // 'team:s3cret' is a configured key: the whole token wins over "KEY team, model s3cret".
    expect(authenticate({ 'x-api-key': COLON_KEY }, keys).modelOverride).toBeUndefined();
  });

  // Every colon is tried as the KEY/model split, so keys that contain ':' can pin models too.
  it('a key containing a colon can pin a model', () => {
    expect(authenticate({ 'x-api-key': `${COLON_KEY}:ollama/x` }, keys)).toEqual({
      keyId: keyIdOf(COLON_KEY),
      modelOverride: 'ollama/x',
    });
  });

  it.each<[string, IncomingHttpHeaders, RegExp]>([
    ['no credential', {}, /^Missing API key/],
    ['an empty x-api-key', { 'x-api-key': '' }, /^Missing API key/],
    ['Bearer with nothing after it', { authorization: 'Bearer ' }, /^Missing API key/],
    ['a wrong x-api-key', { 'x-api-key': 'sk-wrong-7f3a9c' }, /^Invalid API key/],
    ['a wrong Bearer', { authorization: 'Bearer sk-wrong-7f3a9c' }, /^Invalid API key/],
    ['a wrong anthropic-auth-token', { 'anthropic-auth-token': 'sk-wrong-7f3a9c' }, /^Invalid API key/],
    [
      'a wrong KEY with a model',
      { 'x-api-key': 'sk-wrong-7f3a9c:deepseek/deepseek-chat' },
      /^Invalid API key/,
    ],
    ['a key prefix', { 'x-api-key': KEY.slice(0, -1) }, /^Invalid API key/],
    ['a key with a suffix', { 'x-api-key': `${KEY}x` }, /^Invalid API key/],
    ['a key in another case', { 'x-api-key': KEY.toUpperCase() }, /^Invalid API key/],
    ['half of a colon key', { 'x-api-key': 'team' }, /^Invalid API key/],
    [
      'a right key in a wrong header after a wrong one',
      { 'x-api-key': 'sk-wrong-7f3a9c', authorization: `Bearer ${KEY}` },
      /^Invalid API key/,
    ],
  ])('%s is rejected with a 401', (_name, headers, message) => {
    const error = thrown(() => authenticate(headers, keys));
    expect(error).toBeInstanceOf(AuthenticationError);
    const authenticationError = error as AuthenticationError;
    expect(authenticationError.status).toBe(401);
    expect(authenticationError.code).toBe('authentication');
    expect(authenticationError.message).toMatch(message);
    expect(authenticationError.message).not.toContain('sk-wrong');
    expect(authenticationError.message).not.toContain(KEY);
  });
});

describe('keyIdOf', () => {
  it('is key_ plus the first 12 hex characters of SHA-256', () => {
    // SHA-256("abc") = ba7816bf8f01cfea… (FIPS 180-2, appendix B.1).
    expect(keyIdOf('abc')).toBe('key_ba7816bf8f01');
  });

  it.each([KEY, OTHER_KEY, COLON_KEY, 'x', 'ключ-🔑'])('is stable and does not reveal %s', (key) => {
    const id = keyIdOf(key);
    expect(id).toMatch(/^key_[0-9a-f]{12}$/);
    expect(keyIdOf(key)).toBe(id);
    expect(id).not.toContain(key);
  });

  it('differs between keys', () => {
    expect(new Set([KEY, OTHER_KEY, COLON_KEY].map(keyIdOf)).size).toBe(3);
  });
});
