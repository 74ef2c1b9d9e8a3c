import { parseSseEvent, SseEventSplitter, type SseEvent } from './sse-decode.js';

/**
 * Reads an SSE body as parsed events, each yielded as soon as its terminating blank line arrives
 * (a trailing unterminated event is yielded at the end). Errors of the body stream propagate.
 * Source: WHATWG HTML "Server-sent events" (event stream interpretation).
 * @param body the upstream's response body (bytes)
 */
export async function* readSseEvents(body: AsyncIterable<Buffer | string>): AsyncIterable<SseEvent> {
  const splitter = new SseEventSplitter();
  for await (const chunk of body) {
    for (const raw of splitter.push(chunk)) yield parseSseEvent(raw);
  }
  const tail = splitter.flush();
  if (tail.trim() !== '') yield parseSseEvent(tail);
}
