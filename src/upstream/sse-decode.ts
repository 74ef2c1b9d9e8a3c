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
 * chunks, CRLF / CR / LF line ends, and UTF-8 characters split across chunks.
 * Not thread-shared: one splitter per stream.
 */
export class SseEventSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  /**
   * Feeds bytes; returns the raw text of every event completed by them, each including its
   * terminating blank line, in order.
   */
  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const events: string[] = [];
    let start = 0;
    EVENT_BOUNDARY.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = EVENT_BOUNDARY.exec(this.pending)) !== null) {
      const end = match.index + match[0].length;
      events.push(this.pending.slice(start, end));
      start = end;
    }
    if (start > 0) this.pending = this.pending.slice(start);
    return events;
  }

  /** Returns what is left when the stream ends: an unterminated last event, or ''. */
  flush(): string {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest;
  }
}

/**
 * Parses the raw text of one SSE event. Comment lines (`:`) and unknown fields are ignored.
 * @param raw one event's text as returned by `SseEventSplitter.push`
 */
export function parseSseEvent(raw: string): SseEvent {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return { event, data: data.join('\n') };
}
