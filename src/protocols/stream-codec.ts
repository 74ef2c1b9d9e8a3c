import type { IrStreamPart } from '../ir/stream-part.js';
import type { SseEvent } from '../upstream/sse-decode.js';
import { literalValue } from './json/string-slot-template.js';

/**
 * A delta as its JSON string literal, as the upstream wrote it (the delta fast lane:
 * `IrStreamDecoder.readDelta` → `IrStreamEncoder.encodeDelta`). It stands for the IR part
 * `{ type: kind, index, text: JSON.parse(json) }` (a text or reasoning delta) or
 * `{ type: 'tool-input-delta', index, json: JSON.parse(json) }` (a piece of a tool call's
 * arguments), which {@link deltaLiteralPart} builds.
 */
export interface IrDeltaLiteral {
  readonly kind: 'text-delta' | 'reasoning-delta' | 'tool-input-delta';
  /** The IR block index. */
  readonly index: number;
  /** A valid JSON string literal (quotes included), e.g. `"Hello \"you\""`. */
  readonly json: string;
}

/**
 * The IR part a delta literal stands for (for an encoder without `encodeDelta`, or one that
 * declined the literal).
 * @throws SyntaxError only when `delta.json` is not a JSON string literal (a decoder's bug; one
 *   without a backslash is not checked again)
 */
export function deltaLiteralPart(delta: IrDeltaLiteral): IrStreamPart {
  const value = literalValue(delta.json);
  return delta.kind === 'tool-input-delta'
    ? { type: 'tool-input-delta', index: delta.index, json: value }
    : { type: delta.kind, index: delta.index, text: value };
}

/**
 * The synchronous core of a protocol's stream decoder: upstream SSE events → IR stream parts, one
 * event at a time, with no promise between events (the relay feeds every event of one upstream
 * chunk through it in one go). Not shared between streams.
 * Source: each protocol's streaming reference (see its `decode-stream.ts`).
 */
export interface IrStreamDecoder {
  /**
   * Decodes one parsed SSE event (as `parseSseEvent` gives it). Events after the end give nothing.
   * @returns the IR parts it completes, in order (often none)
   * @throws GatewayError only where the protocol's async `decodeStream` would throw for the event
   */
  push(event: SseEvent): IrStreamPart[];
  /**
   * The upstream's events ran out: the parts the protocol's `decodeStream` yields at the end
   * (`finish` for formats without an end marker, an `error` part when the stream stopped early;
   * none when the decoder is already `done`).
   */
  end(): IrStreamPart[];
  /** True once the decoder has seen the stream's end (its terminal event or an error): stop reading. */
  readonly done: boolean;
  /**
   * The delta fast lane (optional): when the event from `start` to `end` in `text` — one whole SSE
   * event, terminating blank line included, as `SseEventSplitter` delimits it (by default all of
   * `text`) — is a delta that `push(parseSseEvent(event))` would turn into exactly one `text-delta`,
   * `reasoning-delta` or `tool-input-delta` part, that part as its literal, having done to the
   * decoder what `push` would have (e.g. appended a tool call's arguments); else `undefined`, and
   * nothing changed. The caller must pass a returned delta on: `encodeDelta`, or the part
   * `deltaLiteralPart` builds.
   */
  readDelta?(text: string, start?: number, end?: number): IrDeltaLiteral | undefined;
}

/**
 * The synchronous core of a protocol's stream encoder: IR stream parts → the client's stream text
 * (SSE events, or JSON-array elements for Gemini's `json-array` framing), one part at a time.
 * Not shared between streams.
 * Source: each protocol's streaming reference (see its `encode-stream.ts`).
 */
export interface IrStreamEncoder {
  /**
   * Encodes one IR part. Parts after the end give ''.
   * @returns the text of zero or more whole events ('' when the part makes none)
   */
  push(part: IrStreamPart): string;
  /**
   * The parts ran out before `finish` or `error`: the text the protocol's `encodeStream` writes
   * then (its format's stream error, e.g. Chat Completions' error event, Responses'
   * `response.failed`); '' once `ended`.
   */
  end(): string;
  /** True once a `finish` or `error` part was encoded (or `end` was called): the stream is over. */
  readonly ended: boolean;
  /**
   * The delta fast lane (optional): what `push` would write for the part `delta` stands for,
   * written from its literal (the same JSON values; the string's escapes as the upstream wrote
   * them), with the same effect on the encoder; `undefined` when the encoder needs the part itself
   * (e.g. the delta opens a block), and then nothing changed.
   */
  encodeDelta?(delta: IrDeltaLiteral): string | undefined;
}

/**
 * Runs a synchronous decoder over async events: every event's parts are yielded before the next
 * event is read; reading stops once the decoder is `done` (closing the events' iterator), and the
 * decoder's `end` parts are yielded when the events run out. Errors of `events` propagate.
 * @param events parsed upstream SSE events
 */
export async function* decodeEventsWith(
  decoder: IrStreamDecoder,
  events: AsyncIterable<SseEvent>,
): AsyncGenerator<IrStreamPart> {
  for await (const event of events) {
    yield* decoder.push(event);
    if (decoder.done) return;
  }
  yield* decoder.end();
}

/**
 * Runs a synchronous encoder over async parts: each non-empty text is yielded as soon as its part
 * arrives; reading stops once the encoder has `ended` (closing the parts' iterator), and the
 * encoder's `end` text is yielded when the parts run out first. Errors of `parts` propagate.
 * @param parts the answer as IR stream parts
 */
export async function* encodePartsWith(
  encoder: IrStreamEncoder,
  parts: AsyncIterable<IrStreamPart>,
): AsyncGenerator<string> {
  for await (const part of parts) {
    const text = encoder.push(part);
    if (text !== '') yield text;
    if (encoder.ended) return;
  }
  const tail = encoder.end();
  if (tail !== '') yield tail;
}
