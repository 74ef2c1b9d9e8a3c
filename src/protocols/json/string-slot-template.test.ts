import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { sharedSlotTemplate } from './shared-slot-template.js';
import { StringSlotTemplate } from './string-slot-template.js';

// Literals per RFC 8259 §7: `"` and `\` escaped, control characters escaped, `\uXXXX` escapes.
const HEAD = '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":';
const TAIL = '}}';
const template = new StringSlotTemplate(HEAD, TAIL);

describe('StringSlotTemplate.read', () => {
  it.each([
    ['plain', 'Hello'],
    ['empty', ''],
    ['quotes and backslashes', 'say "hi" \\ "there"\\'],
    ['newlines and tabs', 'a\nb\tc\r\n'],
    ['non-ASCII and astral', 'café → 🎉'],
    ['a lone surrogate', '\ud800x'],
    ['text that looks like the template', '"}},{"type":"text_delta","text":"x'],
  ])('reads the string of a matching event: %s', (_name, text) => {
    expect(template.read(`${HEAD}${JSON.stringify(text)}${TAIL}`)).toBe(text);
  });

  it('reads literals written with other escapes (\\u, \\/)', () => {
    expect(template.read(`${HEAD}"\\u0041\\/\\u00e9"${TAIL}`)).toBe('A/é');
  });

  it.each([
    ['another head', `{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"x"}}`],
    ['another tail', `${HEAD}"x"},"extra":1}`],
    ['a number in the slot', `${HEAD}12${TAIL}`],
    ['two literals', `${HEAD}"a","b"${TAIL}`],
    ['an unescaped quote inside', `${HEAD}"a"b"${TAIL}`],
    ['a raw control character', `${HEAD}"a\u0001b"${TAIL}`],
    ['a bad escape', `${HEAD}"a\\qb"${TAIL}`],
    ['an unterminated literal', `${HEAD}"ab\\"${TAIL}`],
    ['nothing in the slot', `${HEAD}${TAIL}`],
    ['a lone quote', `${HEAD}"${TAIL}`],
    ['whitespace around', ` ${HEAD}"x"${TAIL}`],
  ])('does not match %s', (_name, text) => {
    expect(template.read(text)).toBeUndefined();
  });
});

describe('StringSlotTemplate.learn', () => {
  const chunk = (content: string): string =>
    `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}]}`;

  it('learns the slot of a member and reads later texts that differ only there', () => {
    const learned = StringSlotTemplate.learn(chunk('He said \\"hi\\"'), 'content', 'He said \\"hi\\"');
    expect(learned).toBeDefined();
    expect(learned?.read(chunk('next "word"'))).toBe('next "word"');
    expect(learned?.read(chunk('x').replace('"created":1', '"created":2'))).toBeUndefined();
  });

  it('learns a slot written with spaces around the colon (Python json.dumps)', () => {
    const text = '{"choices": [{"delta": {"content" : "hi"}, "index": 0}]}';
    const learned = StringSlotTemplate.learn(text, 'content', 'hi');
    expect(learned?.read('{"choices": [{"delta": {"content" : "bye"}, "index": 0}]}')).toBe('bye');
  });

  it('learns nothing when the member cannot be located with certainty', () => {
    // The name twice (another member of the same name).
    expect(
      StringSlotTemplate.learn('{"delta":{"content":"a"},"logprobs":{"content":"a"}}', 'content', 'a'),
    ).toBeUndefined();
    // The name as a string value too.
    expect(StringSlotTemplate.learn('{"x":"content","content":"a"}', 'content', 'a')).toBeUndefined();
    // A value that is not the one parsed.
    expect(StringSlotTemplate.learn(chunk('a'), 'content', 'b')).toBeUndefined();
    // Not a string.
    expect(StringSlotTemplate.learn('{"content":null}', 'content', 'a')).toBeUndefined();
    // A name written with escapes is not found.
    expect(StringSlotTemplate.learn('{"cont\\u0065nt":"a"}', 'content', 'a')).toBeUndefined();
    // An unterminated literal.
    expect(StringSlotTemplate.learn('{"content":"a\\"}', 'content', 'a')).toBeUndefined();
  });
});

describe('StringSlotTemplate.readLiteral and framed', () => {
  const framed = template.framed('event: content_block_delta\ndata: ', '\n\n');

  it('gives the literal as written, escapes kept, for a whole framed event', () => {
    const literal = '"caf\\u00e9 \\/ \\"x\\""';
    expect(framed.readLiteral(`event: content_block_delta\ndata: ${HEAD}${literal}${TAIL}\n\n`)).toBe(
      literal,
    );
    expect(template.readLiteral(`${HEAD}${literal}${TAIL}`)).toBe(literal);
  });

  it('gives nothing for what read refuses, or an event framed otherwise', () => {
    expect(template.readLiteral(`${HEAD}"a"b"${TAIL}`)).toBeUndefined();
    expect(template.readLiteral(`${HEAD}"a\\qb"${TAIL}`)).toBeUndefined();
    expect(framed.readLiteral(`data: ${HEAD}"x"${TAIL}\n\n`)).toBeUndefined();
    expect(
      framed.readLiteral(`event: content_block_delta\r\ndata: ${HEAD}"x"${TAIL}\r\n\r\n`),
    ).toBeUndefined();
  });

  it('reads an event where it stands in a longer text (start, end)', () => {
    const event = (literal: string): string =>
      `event: content_block_delta\ndata: ${HEAD}${literal}${TAIL}\n\n`;
    const text = `${event('"a"')}${event('"b\\"c"')}event: ping\ndata: {}\n\n`;
    const second = event('"a"').length;
    const third = second + event('"b\\"c"').length;
    expect(framed.readLiteral(text, 0, second)).toBe('"a"');
    expect(framed.readLiteral(text, second, third)).toBe('"b\\"c"');
    expect(framed.readLiteral(text, third, text.length)).toBeUndefined();
    // Two events at once, or part of one, are no event.
    expect(framed.readLiteral(text, 0, third)).toBeUndefined();
    expect(framed.readLiteral(text, 0, second - 1)).toBeUndefined();
    expect(framed.readLiteral(text, 1, second)).toBeUndefined();
  });

  it('accepts exactly the literals JSON.parse accepts, 2,000 random slots', () => {
    const random = seededRandom(11);
    // Plain characters, every escape, broken escapes, raw quotes and control characters, non-ASCII.
    const pieces = [
      'a',
      ' ',
      '\\"',
      '\\\\',
      '\\/',
      '\\n',
      '\\t',
      '\\u00e9',
      '\\u12',
      '\\x',
      '\\',
      '"',
      '\n',
      '\u0001',
      '\u007f',
      '\u00e9',
      '\u4e2d',
      '\ud800',
      '}}',
    ];
    for (let round = 0; round < 2000; round += 1) {
      let inner = '';
      const count = random(8);
      for (let index = 0; index < count; index += 1) inner += pieces[random(pieces.length)];
      const slot = random(20) === 0 ? inner : `"${inner}"`;
      let parses = false;
      try {
        parses = typeof JSON.parse(slot) === 'string';
      } catch {
        parses = false;
      }
      const text = `event: content_block_delta\ndata: ${HEAD}${slot}${TAIL}\n\n`;
      expect(framed.readLiteral(text), `round ${round}: ${JSON.stringify(slot)}`).toBe(
        parses ? slot : undefined,
      );
    }
  });
});

describe('sharedSlotTemplate', () => {
  const head = `event: content_block_delta\ndata: ${HEAD}`;
  const tail = `${TAIL}\n\n`;

  it('is one template per head and tail, for the whole process', () => {
    expect(sharedSlotTemplate(head, tail)).toBe(sharedSlotTemplate(head, tail));
    expect(sharedSlotTemplate(head, '}}\r\n')).not.toBe(sharedSlotTemplate(head, tail));
  });

  it('answers as the plain template does, in place too, 2,000 random events', () => {
    const random = seededRandom(12);
    const shared = sharedSlotTemplate(head, tail);
    const plain = new StringSlotTemplate(head, tail);
    // Slots valid and not, heads and tails that differ by a character (regular-expression syntax
    // included: a template's text is matched literally).
    const slots = ['"a"', '"\\"x\\""', '"\\u00e9"', '"a"b"', '"\\q"', '""', '"\u0001"', '12', '"}}\n\n"'];
    const heads = [head, head.replace('"index":0', '"index":1'), `${head} `, head.replace('.', '*')];
    const tails = [tail, `${TAIL}\n`, `}}}\n\n`, '}.\n\n'];
    for (let round = 0; round < 2000; round += 1) {
      const before = random(3) === 0 ? 'data: x\n\n' : '';
      const event = `${heads[random(heads.length)]}${slots[random(slots.length)]}${tails[random(tails.length)]}`;
      const text = `${before}${event}event: ping\n\n`;
      const start = before.length;
      const end = start + event.length;
      expect(shared.readLiteral(text, start, end), `round ${round}: ${JSON.stringify(event)}`).toBe(
        plain.readLiteral(text, start, end),
      );
      expect(shared.readLiteral(event)).toBe(plain.readLiteral(event));
      // An end short of the event's: no match past it.
      expect(shared.readLiteral(text, start, end - 1)).toBe(plain.readLiteral(text, start, end - 1));
    }
  });

  it('reads regular-expression characters of the head and tail as themselves', () => {
    const odd = sharedSlotTemplate('a.b*(c)[d]{2}|^$\\/+?:', '?)');
    expect(odd.readLiteral('a.b*(c)[d]{2}|^$\\/+?:"x"?)')).toBe('"x"');
    expect(odd.readLiteral('aXb*(c)[d]{2}|^$\\/+?:"x"?)')).toBeUndefined();
    expect(odd.readLiteral('a.bb(c)[d]{2}|^$\\/+?:"x"?)')).toBeUndefined();
  });
});
