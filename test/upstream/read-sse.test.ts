// The SSE reader follows the HTML standard's event stream interpretation.
import { describe, expect, it } from 'vitest';
import { parseSse, parseSseJson } from './read-sse.js';

describe('parseSse', () => {
  it('reads named events separated by blank lines', () => {
    expect(parseSse('event: ping\ndata: {"type": "ping"}\n\nevent: message_stop\ndata: {}\n\n')).toEqual([
      { event: 'ping', data: '{"type": "ping"}' },
      { event: 'message_stop', data: '{}' },
    ]);
  });

  it('accepts CRLF and CR line endings and a leading BOM', () => {
    const expected = [
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ];
    expect(parseSse('\uFEFFevent: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n')).toEqual(expected);
    expect(parseSse('event: a\rdata: 1\r\revent: b\rdata: 2\r\r')).toEqual(expected);
  });

  it('skips comments and joins multi-line data with newlines', () => {
    const text =
      ': source: somewhere\n: another comment\ndata: first\n: inside\ndata:second\ndata:  third\n\n';
    expect(parseSse(text)).toEqual([{ data: 'first\nsecond\n third' }]);
  });

  it('dispatches empty data, skips events without data, ignores id and retry', () => {
    expect(parseSse('event: lonely\n\ndata:\n\nid: 7\nretry: 10\ndata: x\nunknown: y\n\n')).toEqual([
      { data: '' },
      { data: 'x' },
    ]);
  });

  it('discards an unterminated last event', () => {
    expect(parseSse('data: whole\n\ndata: cut')).toEqual([{ data: 'whole' }]);
    expect(parseSse('data: whole\n\ndata: cut\n')).toEqual([{ data: 'whole' }]);
  });
});

describe('parseSseJson', () => {
  it('parses JSON data and keeps other data as text', () => {
    expect(parseSseJson('event: e\ndata: {"a":\ndata: [1]}\n\ndata: [DONE]\n\n')).toEqual([
      { event: 'e', data: { a: [1] } },
      { data: '[DONE]' },
    ]);
  });
});
