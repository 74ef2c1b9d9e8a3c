import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { GatewayError } from '../../errors/gateway-error.js';
import { encodeAnthropicErrorEvent } from '../../protocols/anthropic/encode-error.js';
import {
  createStreamTally,
  relayAnthropicStreamEvent,
  type AnthropicStreamTally,
} from '../../protocols/anthropic/relay-stream-event.js';
import type { RawPayloadLog } from '../../observability/raw-payload-log.js';
import { classifyNetworkError } from '../../upstream/send-request.js';
import { SseEventSplitter } from '../../upstream/sse-decode.js';

/** Inputs of one streamed relay. */
export interface AnthropicStreamRelay {
  readonly upstreamId: string;
  readonly endpoint: string;
  /** The upstream's SSE body. */
  readonly body: Readable;
  /** The client's response; headers are already written. */
  readonly response: ServerResponse;
  readonly signal: AbortSignal;
  readonly requestId: string;
  /** The upstream's signature family; non-Anthropic signatures are tagged on the way. */
  readonly signatureFamily?: string | undefined;
  /** Raw SSE logging (`LOG_RAW_SSE_EVENTS`): each upstream event as read; undefined when off. */
  readonly rawLog?: RawPayloadLog | undefined;
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
 * Source: Anthropic API reference, "Streaming Messages" (event flow, error events).
 */
export async function relayAnthropicStream(relay: AnthropicStreamRelay): Promise<AnthropicStreamOutcome> {
  const { response, signal } = relay;
  const splitter = new SseEventSplitter();
  const tally = createStreamTally(relay.signatureFamily);
  const started = performance.now();
  let firstByteMs = -1;
  const write = async (text: string): Promise<void> => {
    if (text === '') return;
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    if (!response.write(text)) await once(response, 'drain', { signal });
  };
  try {
    for await (const chunk of relay.body) {
      let out = '';
      for (const event of splitter.push(chunk as Buffer)) {
        relay.rawLog?.sseEvent('upstream', event);
        out += relayAnthropicStreamEvent(event, tally);
      }
      await write(out);
    }
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
