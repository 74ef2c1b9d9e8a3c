import { describe, expect, it } from 'vitest';
import { parseSseEvent, SseEventSplitter } from './sse-decode.js';

describe('parseSseEvent: line walk', () => {
  it('reads LF, CRLF and CR line ends alike', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      expect(parseSseEvent(`event: delta${end}data: a${end}data: b${end}${end}`)).toEqual({
        event: 'delta',
        data: 'a\nb',
      });
    }
    expect(parseSseEvent('event: x\rdata: 1\r\ndata: 2\ndata: 3')).toEqual({ event: 'x', data: '1\n2\n3' });
  });

  it('skips comment lines and blank lines, and ignores unknown fields', () => {
    expect(parseSseEvent(': keep-alive\n:\nid: 7\nretry: 10\ndatum: no\ndata: yes\n\n')).toEqual({
      event: undefined,
      data: 'yes',
    });
    expect(parseSseEvent(': only a comment\n\n')).toEqual({ event: undefined, data: '' });
  });

  it('takes the value after the first colon, less one optional space', () => {
    expect(parseSseEvent('data:no-space\n')).toEqual({ event: undefined, data: 'no-space' });
    expect(parseSseEvent('data:  two spaces\n')).toEqual({ event: undefined, data: ' two spaces' });
    expect(parseSseEvent('data: a: b\n')).toEqual({ event: undefined, data: 'a: b' });
    expect(parseSseEvent('event:ping\n')).toEqual({ event: 'ping', data: '' });
  });

  it('reads a field without a colon as an empty value', () => {
    expect(parseSseEvent('data\ndata\n')).toEqual({ event: undefined, data: '\n' });
    expect(parseSseEvent('event\ndata: x')).toEqual({ event: '', data: 'x' });
    expect(parseSseEvent('data:\n')).toEqual({ event: undefined, data: '' });
    expect(parseSseEvent('data: \n')).toEqual({ event: undefined, data: '' });
  });

  it('keeps the last event field and every data line, in order', () => {
    expect(parseSseEvent('event: a\ndata: 1\nevent: b\ndata: 2\n')).toEqual({ event: 'b', data: '1\n2' });
  });
});

describe('SseEventSplitter: events across chunks', () => {
  it('joins an event split across chunks, and splits several events of one chunk', () => {
    const splitter = new SseEventSplitter();
    expect(splitter.push('data: {"a":')).toEqual([]);
    expect(splitter.push('1}\n')).toEqual([]);
    expect(splitter.push('\ndata: 2\n\ndata: 3\n\ndata: 4')).toEqual([
      'data: {"a":1}\n\n',
      'data: 2\n\n',
      'data: 3\n\n',
    ]);
    expect(splitter.flush()).toBe('data: 4');
  });

  it('finds a CRLF boundary split across chunks, and CR-only boundaries', () => {
    const splitter = new SseEventSplitter();
    expect(splitter.push('data: 1\r\n\r')).toEqual([]);
    expect(splitter.push('\ndata: 2\r\rdata: 3\n\n')).toEqual([
      'data: 1\r\n\r\n',
      'data: 2\r\r',
      'data: 3\n\n',
    ]);
    expect(splitter.flush()).toBe('');
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('data: ☃😀é\n\n', 'utf8');
    const snowman = bytes.indexOf(0xe2);
    const splitter = new SseEventSplitter();
    expect(splitter.push(bytes.subarray(0, snowman + 1))).toEqual([]);
    expect(splitter.push(bytes.subarray(snowman + 1, snowman + 5))).toEqual([]);
    const events = splitter.push(bytes.subarray(snowman + 5));
    expect(events).toEqual(['data: ☃😀é\n\n']);
    expect(parseSseEvent(events[0] ?? '')).toEqual({ event: undefined, data: '☃😀é' });
  });

  it('gives the same events for every pair of split positions', () => {
    const text = 'event: a\ndata: é1\n\n: c\r\ndata: 2\r\n\r\ndata: 3\r\rdata: ☃\n\n';
    const bytes = Buffer.from(text, 'utf8');
    const whole = new SseEventSplitter().push(bytes);
    expect(whole).toHaveLength(4);
    for (let first = 1; first < bytes.length; first += 1) {
      for (let second = first; second < bytes.length; second += 3) {
        const splitter = new SseEventSplitter();
        const events = [
          ...splitter.push(bytes.subarray(0, first)),
          ...splitter.push(bytes.subarray(first, second)),
          ...splitter.push(bytes.subarray(second)),
        ];
        expect(events).toEqual(whole);
        expect(splitter.flush()).toBe('');
      }
    }
  });
});
