import { StringDecoder } from 'node:string_decoder';

/** One parsed SSE event (WHATWG HTML, "Server-sent events": event stream interpretation). */
export interface SseEvent {
  /** The `event:` field, when present. */
  readonly event: string | undefined;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
}

const EVENT_BOUNDARY = /\r\n\r\n|\n\n|\r\r/g;

/**
 * Splits an SSE byte stream into complete events, chunk by chunk. Handles events split across
 * chunks, CRLF / CR / LF line ends, and UTF-8 characters split across chunks. An event ends at the
 * first `\r\n\r\n`, `\n\n` or `\r\r`. Text without `\r` (what most servers send) is split with
 * `indexOf`, the rest with a regular expression: the same boundaries either way.
 * Not thread-shared: one splitter per stream.
 */
export class SseEventSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  /** The text of the last `feed` holds a `\r` (events are then split by the regular expression). */
  private hasCr = false;

  /**
   * Feeds bytes; returns the raw text of every event completed by them, each including its
   * terminating blank line, in order.
   */
  push(chunk: Buffer | string): string[] {
    const text = this.feed(chunk);
    const events: string[] = [];
    let start = 0;
    for (let end = this.eventEnd(text, 0); end !== -1; end = this.eventEnd(text, start)) {
      events.push(text.slice(start, end));
      start = end;
    }
    this.keep(text, start);
    return events;
  }

  /**
   * Feeds bytes, to read their events where they stand (`push` cuts each one out): returns the
   * text that holds them, what was pending followed by the chunk decoded. Walk it from 0 with
   * `eventEnd`, then hand back the unfinished rest with `keep` before the next `feed`.
   */
  feed(chunk: Buffer | string): string {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const pending = this.pending === '' ? text : this.pending + text;
    this.pending = '';
    this.hasCr = pending.indexOf('\r') !== -1;
    return pending;
  }

  /**
   * The end of the event that starts at `start` in `text` (the last `feed`'s): the index just past
   * its terminating blank line, or -1 when the text holds no complete event from there.
   */
  eventEnd(text: string, start: number): number {
    if (!this.hasCr) {
      const boundary = text.indexOf('\n\n', start);
      return boundary === -1 ? -1 : boundary + 2;
    }
    EVENT_BOUNDARY.lastIndex = start;
    const match = EVENT_BOUNDARY.exec(text);
    return match === null ? -1 : match.index + match[0].length;
  }

  /** Keeps `text` (the last `feed`'s) from `start` on: the beginning of an event still unfinished. */
  keep(text: string, start: number): void {
    this.pending = start === 0 ? text : text.slice(start);
  }

  /** Returns what is left when the stream ends: an unterminated last event, or ''. */
  flush(): string {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest;
  }
}

const LF = 10;
const COLON = 58;
const SPACE = 32;

/**
 * Parses the raw text of one SSE event: lines end with CRLF, CR or LF; comment lines (`:`) and
 * unknown fields are ignored; a field's value follows its first `:`, less one leading space; the
 * `data` lines are joined with `\n`. Walks the text with `indexOf` (no split, no regex).
 * @param raw one event's text as returned by `SseEventSplitter.push`
 */
export function parseSseEvent(raw: string): SseEvent {
  let event: string | undefined;
  let data: string | undefined;
  const length = raw.length;
  let nextLf = -2;
  let nextCr = -2;
  let start = 0;
  while (start < length) {
    if (nextLf !== -1 && nextLf < start) nextLf = raw.indexOf('\n', start);
    if (nextCr !== -1 && nextCr < start) nextCr = raw.indexOf('\r', start);
    let end: number;
    let next: number;
    if (nextCr === -1 || (nextLf !== -1 && nextLf < nextCr)) {
      end = nextLf === -1 ? length : nextLf;
      next = end + 1;
    } else {
      end = nextCr;
      next = raw.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    }
    if (end > start && raw.charCodeAt(start) !== COLON) {
      let colon = raw.indexOf(':', start);
      if (colon === -1 || colon > end) colon = end;
      const fieldLength = colon - start;
      if (fieldLength === 4 || fieldLength === 5) {
        let valueStart = colon + 1;
        if (valueStart < end && raw.charCodeAt(valueStart) === SPACE) valueStart += 1;
        if (fieldLength === 4 && raw.startsWith('data', start)) {
          const value = valueStart >= end ? '' : raw.slice(valueStart, end);
          data = data === undefined ? value : `${data}\n${value}`;
        } else if (fieldLength === 5 && raw.startsWith('event', start)) {
          event = valueStart >= end ? '' : raw.slice(valueStart, end);
        }
      }
    }
    start = next;
  }
  return { event, data: data ?? '' };
}
