import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { GatewayError } from '../../errors/gateway-error.js';
import { encodeAnthropicErrorEvent } from '../../protocols/anthropic/encode-error.js';
import {
  createStreamTally,
  relayAnthropicStreamEvent,
  type AnthropicStreamTally,
} from '../../protocols/anthropic/relay-stream-event.js';
import { relayAnthropicStreamRegion } from '../../protocols/anthropic/relay-stream-region.js';
import type { RawPayloadLog } from '../../observability/raw-payload-log.js';
import { classifyNetworkError } from '../../upstream/send-request.js';
import { SseByteRegions } from '../../upstream/sse-byte-regions.js';
import { SseEventSplitter } from '../../upstream/sse-decode.js';

/** Inputs of one streamed relay. */
export interface AnthropicStreamRelay {
  readonly upstreamId: string;
  readonly endpoint: string;
  /** The upstream's SSE body, chunk by chunk (an `UpstreamBody`, or any stream of bytes). */
  readonly body: AsyncIterable<Buffer>;
  /** The client's response; headers are already written. */
  readonly response: ServerResponse;
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** The upstream's signature family; non-Anthropic signatures are tagged on the way. */
  readonly signatureFamily?: string | undefined;
  /** Raw SSE logging (`LOG_RAW_SSE_EVENTS`): each upstream event as read; undefined when off. */
  readonly rawLog?: RawPayloadLog | undefined;
  /** Scrubs configured secrets out of the upstream's `error` events (default: none are scrubbed). */
  readonly scrub?: ((text: string) => string) | undefined;
}

/** How a relayed stream ended. */
export interface AnthropicStreamOutcome {
  readonly tally: AnthropicStreamTally;
  /** `complete`: message_stop seen; `failed`: ended with an error event; `aborted`: client left. */
  readonly outcome: 'complete' | 'failed' | 'aborted';
  /** Time to the first event written to the client, ms since the relay started; -1 if none. */
  readonly firstByteMs: number;
}

/**
 * Pipes an Anthropic SSE stream to the client event by event, as each event completes (no
 * buffering beyond one event), reading usage on the side and repairing malformed usage. A stream
 * that fails or ends early after its first byte ends with an SSE `error` event, never a silent
 * cut. Honours backpressure; stops when the client leaves (the signal aborts the upstream call).
 * From an Anthropic-family upstream (nothing to tag) with raw SSE logging off, LF-terminated
 * chunks are relayed as bytes (`SseByteRegions` + `relayAnthropicStreamRegion`: only the message
 * and error events are decoded); a region with `\r` or a run of three line feeds switches the
 * stream to the text path, which splits every event (`SseEventSplitter`). Both send the same bytes.
 * Source: Anthropic API reference, "Streaming Messages" (event flow, error events).
 */
export async function relayAnthropicStream(relay: AnthropicStreamRelay): Promise<AnthropicStreamOutcome> {
  const { response, signal } = relay;
  const splitter = new SseEventSplitter();
  const tally = createStreamTally(relay.signatureFamily, relay.scrub);
  const started = performance.now();
  let firstByteMs = -1;
  const write = async (text: string | Buffer): Promise<void> => {
    if (text.length === 0) return;
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    if (!response.write(text)) await once(response, 'drain', { signal });
  };
  const relayText = (chunk: Buffer): string => {
    let out = '';
    for (const event of splitter.push(chunk)) {
      relay.rawLog?.sseEvent('upstream', event);
      out += relayAnthropicStreamEvent(event, tally);
    }
    return out;
  };
  let regions =
    relay.rawLog === undefined && tally.signatureFamily === 'anthropic' ? new SseByteRegions() : undefined;
  try {
    for await (const received of relay.body) {
      const chunk = received as Buffer;
      if (regions === undefined) {
        await write(relayText(chunk));
        continue;
      }
      const region = regions.push(chunk);
      if (region === undefined) continue;
      const pieces = relayAnthropicStreamRegion(region, tally);
      if (pieces !== undefined) {
        await write(pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces));
        continue;
      }
      // CR line ends (or a run of line feeds): the text path from here on, from this region.
      const rest = regions.flush();
      regions = undefined;
      await write(relayText(rest === undefined ? region : Buffer.concat([region, rest])));
    }
    const held = regions?.flush();
    if (held !== undefined) await write(relayText(held));
    const tail = splitter.flush();
    if (tail.trim() !== '') await write(relayAnthropicStreamEvent(`${tail}\n\n`, tally));
    if (!tally.sawMessageStop && !tally.sawError) {
      const error = new GatewayError(
        'upstream_error',
        502,
        `Upstream '${relay.upstreamId}' ended the stream before message_stop.`,
      );
      await write(encodeAnthropicErrorEvent(error, relay.requestId));
      return finish(response, { tally, outcome: 'failed', firstByteMs });
    }
    return finish(response, { tally, outcome: tally.sawError ? 'failed' : 'complete', firstByteMs });
  } catch (error) {
    if (signal.aborted) return finish(response, { tally, outcome: 'aborted', firstByteMs });
    const failure = classifyNetworkError({ upstreamId: relay.upstreamId, endpoint: relay.endpoint }, error);
    const message = new GatewayError(
      failure.code,
      failure.status,
      `The stream from upstream '${relay.upstreamId}' broke off: ${failure.message}`,
    );
    if (!response.destroyed) response.write(encodeAnthropicErrorEvent(message, relay.requestId));
    return finish(response, { tally, outcome: 'failed', firstByteMs });
  }
}

function finish(response: ServerResponse, outcome: AnthropicStreamOutcome): AnthropicStreamOutcome {
  if (!response.destroyed) response.end();
  return outcome;
}
