import { describe, expect, it } from 'vitest';
import { parseSseEvent, SseEventSplitter } from './sse-decode.js';

const stream =
  'event: message_start\ndata: {"type":"message_start","text":"héllo ☃"}\n\n' +
  ': a comment\r\nevent: ping\r\ndata: {"type": "ping"}\r\n\r\n' +
  'event: content_block_delta\ndata: {"a":1}\ndata: {"b":2}\n\n';

describe('SseEventSplitter', () => {
  it('yields the same events for every split position, including inside UTF-8 characters', () => {
    const bytes = Buffer.from(stream, 'utf8');
    const whole = new SseEventSplitter().push(bytes);
    expect(whole).toHaveLength(3);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const splitter = new SseEventSplitter();
      const events = [...splitter.push(bytes.subarray(0, cut)), ...splitter.push(bytes.subarray(cut))];
      expect(events).toEqual(whole);
      expect(splitter.flush()).toBe('');
    }
  });

  it('walks the same events in place (feed, eventEnd, keep) for every split position', () => {
    const bytes = Buffer.from(stream, 'utf8');
    const whole = new SseEventSplitter().push(bytes);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const splitter = new SseEventSplitter();
      const events: string[] = [];
      for (const piece of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        const text = splitter.feed(piece);
        let start = 0;
        for (let end = splitter.eventEnd(text, 0); end !== -1; end = splitter.eventEnd(text, start)) {
          events.push(text.slice(start, end));
          start = end;
        }
        splitter.keep(text, start);
      }
      expect(events).toEqual(whole);
      expect(splitter.flush()).toBe('');
    }
  });

  it('finds no event end in an unfinished event, LF or CRLF, and keeps it', () => {
    const splitter = new SseEventSplitter();
    const text = splitter.feed('event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n');
    expect(splitter.eventEnd(text, 0)).toBe('event: a\ndata: 1\n\n'.length);
    expect(splitter.eventEnd(text, 'event: a\ndata: 1\n\n'.length)).toBe(-1);
    splitter.keep(text, 'event: a\ndata: 1\n\n'.length);
    expect(splitter.push('\r\n')).toEqual(['event: b\r\ndata: 2\r\n\r\n']);
  });

  it('keeps an unterminated tail for flush', () => {
    const splitter = new SseEventSplitter();
    expect(splitter.push('event: a\ndata: 1\n\nevent: b\ndata: 2\n')).toEqual(['event: a\ndata: 1\n\n']);
    expect(splitter.flush()).toBe('event: b\ndata: 2\n');
  });
});

describe('parseSseEvent', () => {
  it('reads event and joined data lines, ignoring comments, with CRLF', () => {
    const [first, second, third] = new SseEventSplitter().push(stream);
    expect(parseSseEvent(first ?? '')).toEqual({
      event: 'message_start',
      data: '{"type":"message_start","text":"héllo ☃"}',
    });
    expect(parseSseEvent(second ?? '')).toEqual({ event: 'ping', data: '{"type": "ping"}' });
    expect(parseSseEvent(third ?? '')).toEqual({ event: 'content_block_delta', data: '{"a":1}\n{"b":2}' });
  });
});
