// Reads server-sent events the way the HTML standard's "event stream interpretation" does, for tests:
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

/** One dispatched event: `event` is the `event:` field (absent when none was given), `data` the joined data lines. */
export interface SseMessage {
  event?: string;
  data: string;
}

/** An event whose data was parsed as JSON (or kept as the raw string when it is not JSON, e.g. `[DONE]`). */
export interface SseJsonMessage {
  event?: string;
  data: unknown;
}

/**
 * Splits SSE text into events. Lines end in CRLF, LF or CR; a leading BOM is skipped; lines starting with
 * `:` are comments; `data:` lines of one event are joined with `\n`; one space after the colon is dropped;
 * a blank line dispatches the event unless it has no data; an unterminated last event is discarded;
 * `id` and `retry` fields are ignored.
 */
export function parseSse(text: string): SseMessage[] {
  const messages: SseMessage[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // The text after the last line break is an unfinished line: never part of a dispatched event.
  lines.pop();
  let eventName: string | undefined;
  let dataLines: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (dataLines.length > 0) {
        messages.push(
          eventName === undefined
            ? { data: dataLines.join('\n') }
            : { event: eventName, data: dataLines.join('\n') },
        );
      }
      eventName = undefined;
      dataLines = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') dataLines.push(value);
  }
  return messages;
}

/** {@link parseSse}, then `JSON.parse` of each event's data; data that is not JSON stays a string. */
export function parseSseJson(text: string): SseJsonMessage[] {
  return parseSse(text).map((message) => {
    const data = parseJsonOrKeep(message.data);
    return message.event === undefined ? { data } : { event: message.event, data };
  });
}

function parseJsonOrKeep(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
