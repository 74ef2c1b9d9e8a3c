import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeJsonText } from './decode-json-text.js';

/** Parses both ways and compares the values. */
function expectSameValue(bytes: Buffer): void {
  const text = decodeJsonText(bytes);
  expect(isAscii(Buffer.from(text, 'latin1'))).toBe(true);
  expect(JSON.parse(text)).toStrictEqual(JSON.parse(bytes.toString('utf8')));
}

describe('decodeJsonText', () => {
  it('returns ASCII bodies as they are', () => {
    const bytes = Buffer.from('{"model":"claude","max_tokens":5}');
    expect(decodeJsonText(bytes)).toBe(bytes.toString('utf8'));
  });

  it('writes non-ASCII characters as \\u escapes that parse to the same strings', () => {
    const value = { text: 'café — 日本語 · emoji 🙂 and \u2028', key_ü: ['ß', { nested: '€' }] };
    const bytes = Buffer.from(JSON.stringify(value));
    const text = decodeJsonText(bytes);
    expect(text).toContain('caf\\u00e9');
    expect(text).toContain('\\ud83d\\ude42');
    expect(JSON.parse(text)).toStrictEqual(value);
  });

  it('gives the same value for a large body with a few non-ASCII characters far apart', () => {
    const recorded = JSON.parse(
      readFileSync(
        new URL('../../../test/fixtures/claude-code/messages-request.json', import.meta.url),
        'utf8',
      ),
    ) as { messages: { content: { text: string }[] }[] };
    const first = recorded.messages[0]!.content[0]!;
    first.text = `— ${first.text} … ✓`;
    expectSameValue(Buffer.from(JSON.stringify(recorded)));
  });

  it('never splits a multi-byte character, whatever the split points', () => {
    for (let length = 200; length < 1400; length += 97) {
      const text = 'a'.repeat(length) + 'é漢🙂'.repeat(50) + 'b'.repeat(length);
      expectSameValue(Buffer.from(JSON.stringify({ text })));
    }
  });

  it('turns malformed UTF-8 into U+FFFD, as toString does', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"text":"a'),
      Buffer.from([0xe2, 0x82, 0xff, 0xc3]),
      Buffer.from('b"}'),
    ]);
    expectSameValue(bytes);
  });

  it('keeps invalid JSON invalid: a non-ASCII character outside a string', () => {
    expect(() => JSON.parse(decodeJsonText(Buffer.from('{"a":1}é')))).toThrow(SyntaxError);
    expect(() => JSON.parse(decodeJsonText(Buffer.from('{"a":é}')))).toThrow(SyntaxError);
  });

  it('keeps raw control characters inside strings an error', () => {
    expect(() => JSON.parse(decodeJsonText(Buffer.from('{"a":"x\ny é"}')))).toThrow(SyntaxError);
  });
});
