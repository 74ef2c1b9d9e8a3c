import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../errors/gateway-error.js';
import { responseToStreamParts } from '../../ir/response-to-stream.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import type { IrWarning } from '../../ir/warning.js';
import { decodeJsonText } from '../../protocols/json/decode-json-text.js';
import type { Protocol } from '../../protocols/protocol.js';
import {
  deltaLiteralPart,
  type IrStreamDecoder,
  type IrStreamEncoder,
} from '../../protocols/stream-codec.js';
import { parseSseEvent, SseEventSplitter } from '../../upstream/sse-decode.js';
import type { AcceptedAnswer } from '../attempt-upstream.js';
import { responseHeadersFor } from '../routes/route-helpers.js';
import type { RelayOutcome } from './relay-fast-path.js';
import { StreamGuard } from './stream-guard.js';

type TranslatedAnswer = Extract<AcceptedAnswer, { kind: 'translated' }>;

/**
 * Relays an answer through the hub: the upstream's SSE events (or JSON body) are decoded by its
 * protocol into IR, and the client's protocol encodes them. Streams go chunk by chunk and
 * synchronously within a chunk: every event of one upstream chunk is split, parsed, decoded,
 * guarded (`StreamGuard`) and encoded, and what they make leaves in one write before the next
 * chunk is read (backpressure honoured). A streaming request answered with one JSON body is
 * replayed as a stream. Stream failures end with the client format's stream error.
 * @param inbound the client's protocol
 * @throws GatewayError when a non-streaming answer (or a JSON answer to a streaming request) cannot
 *   be decoded (nothing was sent yet)
 */
export async function relayTranslated(
  accepted: TranslatedAnswer,
  inbound: Protocol,
  request: FastifyRequest,
  reply: FastifyReply,
  signal: AbortSignal,
): Promise<RelayOutcome> {
  const { response, target, upstreamProtocol, exchange, client } = accepted;
  const warnings: IrWarning[] = [];
  const decodeOptions = { onWarning: (warning: IrWarning) => warnings.push(warning) };
  const headers = responseHeadersFor(request.id, target, response.headers, accepted.fallbackFrom);
  const upstreamStreams = String(response.headers['content-type'] ?? '').includes('text/event-stream');
  const started = performance.now();

  if (!accepted.stream) {
    if (upstreamStreams) {
      await response.body.dump();
      throw new GatewayError(
        'upstream_error',
        502,
        `Upstream '${target.route.upstream.id}' streamed an answer to a non-streaming request.`,
      );
    }
    const answer = upstreamProtocol.decodeResponse(
      await readJson(response, target.route.upstream.id, accepted.rawLog),
      exchange,
      decodeOptions,
    );
    await reply
      .code(200)
      .headers({ ...headers, 'content-type': 'application/json' })
      .send(inbound.encodeResponse(answer, client));
    return { outcome: 'complete', usage: answer.usage, firstByteMs: performance.now() - started, warnings };
  }

  const replayed = upstreamStreams
    ? undefined
    : responseToStreamParts(
        upstreamProtocol.decodeResponse(
          await readJson(response, target.route.upstream.id, accepted.rawLog),
          exchange,
          decodeOptions,
        ),
      );
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const pipe = new TranslatedStream(accepted, inbound.createStreamEncoder(client), raw, signal, started);
  if (replayed === undefined) {
    await pipe.relayEvents(upstreamProtocol.createStreamDecoder(exchange, decodeOptions));
  } else {
    pipe.relayParts(replayed);
  }
  const outcome = pipe.guard.outcome;
  return {
    outcome: signal.aborted || pipe.clientGone ? 'aborted' : outcome.outcome,
    usage: toTokenUsage(outcome.usage),
    firstByteMs: pipe.firstByteMs,
    warnings,
  };
}

/**
 * One translated stream to the client: upstream chunk → SSE events → IR parts (the upstream's
 * decoder) → guard → the client's encoder → one write per chunk.
 */
class TranslatedStream {
  readonly guard: StreamGuard;
  /** ms from the start of the relay to the first write; -1 when nothing was written. */
  firstByteMs = -1;
  /** The client's connection closed (or a write failed) before the stream was over. */
  clientGone = false;
  private pending = '';

  constructor(
    private readonly accepted: TranslatedAnswer,
    private readonly encoder: IrStreamEncoder,
    private readonly raw: ServerResponse,
    private readonly signal: AbortSignal,
    private readonly started: number,
  ) {
    const upstreamId = accepted.target.route.upstream.id;
    this.guard = new StreamGuard({ upstreamId, endpoint: accepted.endpoint, signal });
  }

  /**
   * Relays the upstream's SSE body. Stops reading once the stream is over (what is left of the
   * body, its end, is dropped in the background: `UpstreamBody.dropRest`) or the client has gone
   * (leaving the `for await` before the body's end aborts the upstream call and closes its
   * connection, which stops the generation); errors of the body (reset, read timeout; the
   * request's signal aborts it when the client leaves) or of the decoder become the client's
   * stream error.
   */
  async relayEvents(decoder: IrStreamDecoder): Promise<void> {
    const splitter = new SseEventSplitter();
    const rawLog = this.accepted.rawLog;
    const over = (): boolean => this.guard.ended || this.encoder.ended || decoder.done;
    // The delta fast lane, when both sides have it: a text delta goes from the upstream's literal
    // to the client's event without being decoded into a part.
    const encoder = this.encoder;
    const fastLane = decoder.readDelta !== undefined && encoder.encodeDelta !== undefined;
    try {
      const body = this.accepted.response.body;
      for await (const chunk of body) {
        // The chunk's events are read where they stand in its text; only those off the fast
        // lane are cut out of it.
        const text = splitter.feed(chunk);
        let start = 0;
        for (let end = splitter.eventEnd(text, 0); end !== -1; end = splitter.eventEnd(text, start)) {
          // Cut out only when logged or off the fast lane (and then once).
          const logged = rawLog === undefined ? undefined : text.slice(start, end);
          if (logged !== undefined) rawLog?.sseEvent('upstream', logged);
          const delta = fastLane ? decoder.readDelta?.(text, start, end) : undefined;
          if (delta === undefined) this.encode(decoder.push(parseSseEvent(logged ?? text.slice(start, end))));
          else {
            const encoded = encoder.encodeDelta?.(delta);
            if (encoded === undefined) this.encode([deltaLiteralPart(delta)]);
            else if (this.guard.pushDelta()) this.pending += encoded;
          }
          start = end;
          if (over()) break;
        }
        splitter.keep(text, start);
        // The last events wait for the ending, to leave in one write with it (`finish`). The
        // body's end may still be on its way (a later packet): it is dropped in the background,
        // so the connection goes back to the pool instead of being closed.
        if (over()) {
          body.dropRest();
          break;
        }
        await this.flush();
        if (this.raw.destroyed) this.clientGone = true;
        if (this.clientGone) break;
      }
      if (!over() && !this.clientGone) {
        const tail = splitter.flush();
        if (tail.trim() !== '') {
          rawLog?.sseEvent('upstream', tail);
          this.encode(decoder.push(parseSseEvent(tail)));
        }
        if (!over()) this.encode(decoder.end());
      }
    } catch (error) {
      this.fail(error);
    }
    this.finish();
  }

  /** Relays parts known at once (a JSON answer replayed as a stream). */
  relayParts(parts: Iterable<IrStreamPart>): void {
    try {
      this.encode(parts);
    } catch (error) {
      this.fail(error);
    }
    this.finish();
  }

  /** Guards and encodes parts into the pending text, up to the end of the stream. */
  private encode(parts: Iterable<IrStreamPart>): void {
    for (const part of parts) {
      if (part.type === 'error') this.scrub(part.error);
      if (!this.guard.push(part)) return;
      this.pending += this.encoder.push(part);
      if (this.encoder.ended) return;
    }
  }

  /** Turns a thrown error into the client's stream error (nothing when the client has gone). */
  private fail(error: unknown): void {
    if (this.clientGone) return;
    const failure = this.guard.fail(error);
    if (failure?.type === 'error') this.scrub(failure.error);
    if (failure !== undefined && !this.encoder.ended) this.pending += this.encoder.push(failure);
  }

  /**
   * Removes configured secrets from a stream error's message before the client's encoder writes it:
   * an upstream may echo the key it was sent in a mid-stream error (the error is this stream's own).
   */
  private scrub(error: Error): void {
    const scrubbed = this.accepted.scrub(error.message);
    if (scrubbed !== error.message) error.message = scrubbed;
  }

  /**
   * The stream's ending (the guard's error when it ran out early, the encoder's tail) and `end`, in
   * the same tick as the pending text, so they leave in one write to the socket (Node corks a
   * response's socket until the next tick). No wait for `drain`: nothing more is read from the
   * upstream, and Node keeps what the socket has not taken yet.
   */
  private finish(): void {
    if (!this.clientGone && !this.signal.aborted) {
      const failure = this.guard.end();
      if (failure !== undefined && !this.encoder.ended) this.pending += this.encoder.push(failure);
      this.pending += this.encoder.end();
      this.writePending();
    }
    if (!this.raw.destroyed) this.raw.end();
  }

  /**
   * Writes the pending text in one write, waiting for `drain` when the socket's buffer is full.
   * @throws the abort reason when the client leaves while we wait
   */
  private async flush(): Promise<void> {
    if (!this.writePending()) await once(this.raw, 'drain', { signal: this.signal });
  }

  /** Writes the pending text; false when the socket's buffer is full (wait for `drain`). */
  private writePending(): boolean {
    const text = this.pending;
    if (text === '') return true;
    this.pending = '';
    const raw = this.raw;
    if (raw.destroyed) {
      this.clientGone = true;
      return true;
    }
    if (this.firstByteMs < 0) this.firstByteMs = performance.now() - this.started;
    this.accepted.rawLog?.sseEvent('client', text);
    return raw.write(text);
  }
}

async function readJson(
  response: AcceptedAnswer['response'],
  upstreamId: string,
  rawLog: AcceptedAnswer['rawLog'],
): Promise<unknown> {
  // As bytes, then `decodeJsonText`: Node 20's UTF-8 decoder is slow on long non-ASCII text.
  const bytes = await response.body.bytes();
  rawLog?.payload('upstream-response', bytes);
  try {
    return JSON.parse(decodeJsonText(bytes)) as unknown;
  } catch {
    throw new GatewayError(
      'upstream_error',
      502,
      `Upstream '${upstreamId}' answered with a body that is not JSON.`,
    );
  }
}

function toTokenUsage(usage: IrUsage): RelayOutcome['usage'] {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens,
    cacheCreationInputTokens: usage.cacheCreationInputTokens,
  };
}
