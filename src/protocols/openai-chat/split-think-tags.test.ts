import { describe, expect, it } from 'vitest';
import { splitThinkTags, ThinkTagSplitter, type ThinkSegment } from './split-think-tags.js';

/** Feeds `pieces` one by one and flushes; returns the merged segments. */
function feed(pieces: readonly string[]): ThinkSegment[] {
  const splitter = new ThinkTagSplitter();
  const out: ThinkSegment[] = [];
  const add = (segments: ThinkSegment[]): void => {
    for (const segment of segments) {
      const last = out[out.length - 1];
      if (last?.kind === segment.kind)
        out[out.length - 1] = { kind: segment.kind, text: last.text + segment.text };
      else out.push(segment);
    }
  };
  for (const piece of pieces) add(splitter.push(piece));
  add(splitter.flush());
  return out;
}

function reasoningOf(segments: readonly ThinkSegment[]): string {
  return segments
    .filter((segment) => segment.kind === 'reasoning')
    .map((segment) => segment.text)
    .join('');
}

function textOf(segments: readonly ThinkSegment[]): string {
  return segments
    .filter((segment) => segment.kind === 'text')
    .map((segment) => segment.text)
    .join('');
}

describe('splitThinkTags: whole strings', () => {
  it.each<[string, string, ThinkSegment[]]>([
    ['no tags', 'Hello there', [{ kind: 'text', text: 'Hello there' }]],
    [
      'a think block then text',
      '<think>\nplan it\n</think>\n\nAnswer.',
      [
        { kind: 'reasoning', text: '\nplan it\n' },
        { kind: 'text', text: 'Answer.' },
      ],
    ],
    [
      'leading whitespace before the tag',
      '\n  <think>r</think>t',
      [
        { kind: 'reasoning', text: 'r' },
        { kind: 'text', text: 't' },
      ],
    ],
    ['an empty think block', '<think></think>Answer', [{ kind: 'text', text: 'Answer' }]],
    [
      'an unclosed think block is all reasoning',
      '<think>still thinking',
      [{ kind: 'reasoning', text: 'still thinking' }],
    ],
    ['a lone partial tag is text', '<thi', [{ kind: 'text', text: '<thi' }]],
    ['another tag at the start is text', '<b>bold</b>', [{ kind: 'text', text: '<b>bold</b>' }]],
    ['a comparison is text', 'a < b and b > c', [{ kind: 'text', text: 'a < b and b > c' }]],
    ['a later <think> is text', 'Hi <think>x</think>', [{ kind: 'text', text: 'Hi <think>x</think>' }]],
    ['whitespace only is text', '  \n', [{ kind: 'text', text: '  \n' }]],
    [
      '< inside reasoning stays reasoning',
      '<think>1 < 2 </thin no</think>ok',
      [
        { kind: 'reasoning', text: '1 < 2 </thin no' },
        { kind: 'text', text: 'ok' },
      ],
    ],
    ['only a think block', '<think>r</think>\n', [{ kind: 'reasoning', text: 'r' }]],
  ])('%s', (_name, content, expected) => {
    expect(splitThinkTags(content)).toEqual(expected);
  });
});

describe('ThinkTagSplitter: streamed at every split', () => {
  const samples = [
    '<think>\nLet me think: 1 < 2, and </th is not a tag.\n</think>\n\nThe answer is <b>42</b>.',
    '  <think>a</think>b',
    'Plain <thinking> text, not a tag < > </think>',
    '<think>never closed <',
    '<<think>x</think>',
    '<think></think>',
    '',
  ];

  it.each(samples)('every cut point of %j gives the whole-string result', (sample) => {
    const whole = splitThinkTags(sample);
    for (let cut = 0; cut <= sample.length; cut++) {
      const segments = feed([sample.slice(0, cut), sample.slice(cut)]);
      expect({ cut, segments }).toEqual({ cut, segments: whole });
    }
  });

  it.each(['<think>ab</think>\ncd', ' <think>x<y</think> z<'])(
    'every split of %j into three pieces gives the whole-string result',
    (sample) => {
      const whole = splitThinkTags(sample);
      for (let first = 0; first <= sample.length; first++) {
        for (let second = first; second <= sample.length; second++) {
          const segments = feed([sample.slice(0, first), sample.slice(first, second), sample.slice(second)]);
          expect({ first, second, segments }).toEqual({ first, second, segments: whole });
        }
      }
    },
  );

  it('byte by byte keeps reasoning and text apart', () => {
    const sample = samples[0] ?? '';
    const segments = feed([...sample]);
    expect(reasoningOf(segments)).toBe('\nLet me think: 1 < 2, and </th is not a tag.\n');
    expect(textOf(segments)).toBe('The answer is <b>42</b>.');
  });

  it('emits reasoning before the closing tag is complete, holding back only a possible tag start', () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push('<think>abc</')).toEqual([{ kind: 'reasoning', text: 'abc' }]);
    expect(splitter.push('x')).toEqual([{ kind: 'reasoning', text: '</x' }]);
    expect(splitter.push('</think>Hi')).toEqual([{ kind: 'text', text: 'Hi' }]);
  });

  it('decides a non-tag start as soon as it can', () => {
    const splitter = new ThinkTagSplitter();
    expect(splitter.push('<')).toEqual([]);
    expect(splitter.push('b')).toEqual([{ kind: 'text', text: '<b' }]);
    expect(splitter.push(' more')).toEqual([{ kind: 'text', text: ' more' }]);
  });
});
