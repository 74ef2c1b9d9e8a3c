import { relayAnthropicStreamEvent, type AnthropicStreamTally } from './relay-stream-event.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const LOWER_C = 0x63;
const LOWER_P = 0x70;

/** The events `relayAnthropicStreamEvent` reads or changes for an upstream of the Anthropic family. */
const READ_EVENTS: ReadonlySet<string> = new Set(['message_start', 'message_delta', 'message_stop', 'error']);

/**
 * Passes a region of complete Anthropic SSE events (`SseByteRegions`) through as bytes, exactly as
 * `relayAnthropicStreamEvent` would event by event, for an upstream of the Anthropic signature
 * family (nothing to tag).
 *
 * `relayAnthropicStreamEvent` reads or changes only the events named `message_start`,
 * `message_delta`, `message_stop` and `error`, by their first line when it is an `event:` line. So
 * the region is walked event by event on a Latin-1 view of its bytes (no UTF-8 decode): an event
 * whose first line names another event (`content_block_*`, `ping`: most of a stream) goes out as
 * the bytes it came as; any other event is decoded and handed to `relayAnthropicStreamEvent`.
 * Source: Anthropic API reference, "Streaming Messages" (event types and flow); WHATWG HTML,
 * "Server-sent events" (fields, dispatch on an empty line).
 * @param region whole events, each with its terminating `\n\n`
 * @param tally updated in place, as by `relayAnthropicStreamEvent`
 * @returns the pieces to send, in order; `undefined` (nothing read, nothing tallied) when the region
 *   has a `\r` or a run of three line feeds, where events must be split as `SseEventSplitter` does
 */
export function relayAnthropicStreamRegion(
  region: Buffer,
  tally: AnthropicStreamTally,
): Buffer[] | undefined {
  if (region.indexOf(CR) >= 0) return undefined;
  const text = region.toString('latin1');
  // First the events to read (start, end pairs), so a region left to the text path reads nothing.
  const read: number[] = [];
  for (let start = 0; start < text.length;) {
    const boundary = text.indexOf('\n\n', start);
    if (boundary < 0 || text.charCodeAt(boundary + 2) === LF) return undefined;
    if (!passesThrough(text, start)) read.push(start, boundary + 2);
    start = boundary + 2;
  }
  const pieces: Buffer[] = [];
  let passFrom = 0;
  for (let at = 0; at < read.length; at += 2) {
    const start = read[at] as number;
    const end = read[at + 1] as number;
    if (start > passFrom) pieces.push(region.subarray(passFrom, start));
    const raw = region.toString('utf8', start, end);
    const out = relayAnthropicStreamEvent(raw, tally);
    pieces.push(out === raw ? region.subarray(start, end) : Buffer.from(out, 'utf8'));
    passFrom = end;
  }
  if (passFrom < region.length) pieces.push(region.subarray(passFrom));
  return pieces;
}

/**
 * Whether the event at `start` is one `relayAnthropicStreamEvent` returns untouched without
 * reading: its first line is `event:` with a name outside `READ_EVENTS` (the name read as
 * `relayAnthropicStreamEvent` reads it: the rest of the line, trimmed).
 */
function passesThrough(text: string, start: number): boolean {
  if (!text.startsWith('event:', start)) return false;
  // The common case without slicing: "event: c…" (content_block_*) or "event: p…" (ping).
  if (text.charCodeAt(start + 6) === SPACE) {
    const first = text.charCodeAt(start + 7);
    if (first === LOWER_C || first === LOWER_P) return true;
  }
  const lineEnd = text.indexOf('\n', start);
  return !READ_EVENTS.has(text.slice(start + 6, lineEnd).trim());
}
