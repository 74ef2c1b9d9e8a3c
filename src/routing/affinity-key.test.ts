import { describe, expect, it } from 'vitest';
import { affinityKeyOf, sessionOfUserId } from './affinity-key.js';

const SESSION = '4a1f0c5e-9d7b-4c1e-8f3a-2b6d9e0a7c11';

describe('affinityKeyOf', () => {
  it('prefers the x-claude-code-session-id header', () => {
    const key = affinityKeyOf(
      { 'x-claude-code-session-id': SESSION },
      { metadata: { user_id: JSON.stringify({ session_id: 'other' }) }, prompt_cache_key: 'pck' },
    );
    expect(key).toMatch(/^session:[0-9a-f]{16}$/);
    expect(key).not.toContain(SESSION);
  });

  it('maps the header and the user_id session of one conversation to the same key', () => {
    const fromHeader = affinityKeyOf({ 'x-claude-code-session-id': SESSION }, {});
    const fromJson = affinityKeyOf(
      {},
      { metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: SESSION }) } },
    );
    const fromLegacy = affinityKeyOf(
      {},
      { metadata: { user_id: `user_abc123_account_${'f'.repeat(8)}_session_${SESSION}` } },
    );
    expect(fromJson).toBe(fromHeader);
    expect(fromLegacy).toBe(fromHeader);
  });

  it('uses prompt_cache_key next', () => {
    expect(
      affinityKeyOf({}, { prompt_cache_key: 'tenant-42', messages: [{ role: 'user', content: 'hi' }] }),
    ).toMatch(/^cache:/);
  });

  it('falls back to a hash of system + first user message, stable across turns', () => {
    const turn1 = {
      system: [{ type: 'text', text: 'You are Claude Code.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Fix the bug in main.ts' }] }],
    };
    const turn2 = {
      ...turn1,
      messages: [
        ...turn1.messages,
        { role: 'assistant', content: 'Looking.' },
        { role: 'user', content: 'Thanks, now run the tests' },
      ],
    };
    const key = affinityKeyOf({}, turn1);
    expect(key).toMatch(/^prompt:[0-9a-f]{16}$/);
    expect(affinityKeyOf({}, turn2)).toBe(key);
    const otherConversation = { ...turn1, messages: [{ role: 'user', content: 'Write a poem' }] };
    expect(affinityKeyOf({}, otherConversation)).not.toBe(key);
  });

  it('reads every wire format', () => {
    const chat = affinityKeyOf(
      {},
      {
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'U' },
        ],
      },
    );
    const responses = affinityKeyOf(
      {},
      { instructions: 'S', input: [{ role: 'user', content: [{ type: 'input_text', text: 'U' }] }] },
    );
    const responsesString = affinityKeyOf({}, { instructions: 'S', input: 'U' });
    const gemini = affinityKeyOf(
      {},
      { systemInstruction: { parts: [{ text: 'S' }] }, contents: [{ role: 'user', parts: [{ text: 'U' }] }] },
    );
    const anthropic = affinityKeyOf({}, { system: 'S', messages: [{ role: 'user', content: 'U' }] });
    expect(new Set([chat, responses, responsesString, gemini, anthropic])).toEqual(new Set([anthropic]));
    expect(anthropic).toMatch(/^prompt:/);
  });

  it('hashes only the first 2 KB of the leading prompt', () => {
    const long = 'x'.repeat(5000);
    expect(affinityKeyOf({}, { messages: [{ role: 'user', content: `${long}A` }] })).toBe(
      affinityKeyOf({}, { messages: [{ role: 'user', content: `${long}B` }] }),
    );
  });

  it('returns undefined when there is nothing to key on', () => {
    expect(affinityKeyOf({}, {})).toBeUndefined();
    expect(affinityKeyOf({}, null)).toBeUndefined();
    expect(affinityKeyOf({ 'x-claude-code-session-id': '  ' }, { messages: [] })).toBeUndefined();
    expect(affinityKeyOf({}, { metadata: { user_id: 'plain-user' } })).toBeUndefined();
  });
});

describe('sessionOfUserId', () => {
  it.each<[string, string | undefined]>([
    [JSON.stringify({ device_id: 'd', session_id: SESSION }), SESSION],
    [`user_0123abcd_account_${SESSION}_session_${SESSION}`, SESSION],
    ['{not json', undefined],
    [JSON.stringify({ device_id: 'd' }), undefined],
    ['user_only', undefined],
  ])('%s', (userId, expected) => {
    expect(sessionOfUserId(userId)).toBe(expected);
  });
});
