import { once } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../errors/gateway-error.js';
import { responseToStreamParts } from '../../ir/response-to-stream.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import type { IrUsage } from '../../ir/usage.js';
import type { IrWarning } from '../../ir/warning.js';
import type { Protocol } from '../../protocols/protocol.js';
import { readSseEvents } from '../../upstream/read-sse-events.js';
import type { AcceptedAnswer } from '../attempt-upstream.js';
import { responseHeadersFor } from '../routes/route-helpers.js';
import { createStreamOutcome, guardStreamParts } from './guard-stream-parts.js';
import type { RelayOutcome } from './relay-fast-path.js';

/**
 * Relays an answer through the hub: the upstream's SSE events (or JSON body) are decoded by its
 * protocol into IR, and the client's protocol encodes them, chunk by chunk (each upstream event
 * is translated and written before the next is read). A streaming request answered with one JSON
 * body is replayed as a stream. Stream failures end with the client format's stream error.
 * @param inbound the client's protocol
 * @throws GatewayError when a non-streaming answer cannot be decoded (nothing was sent yet)
 */
export async function relayTranslated(
  accepted: Extract<AcceptedAnswer, { kind: 'translated' }>,
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
    );
    await reply
      .code(200)
      .headers({ ...headers, 'content-type': 'application/json' })
      .send(inbound.encodeResponse(answer, client));
    return { outcome: 'complete', usage: answer.usage, firstByteMs: performance.now() - started, warnings };
  }

  const parts: AsyncIterable<IrStreamPart> = upstreamStreams
    ? upstreamProtocol.decodeStream(readSseEvents(response.body), exchange, decodeOptions)
    : replay(
        upstreamProtocol.decodeResponse(
          await readJson(response, target.route.upstream.id, accepted.rawLog),
          exchange,
          decodeOptions,
        ),
      );
  const outcome = createStreamOutcome();
  const guarded = guardStreamParts(
    parts,
    { upstreamId: target.route.upstream.id, endpoint: accepted.endpoint, signal },
    outcome,
  );
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let firstByteMs = -1;
  // Events encoded from one upstream chunk arrive within one run of promise continuations: cork
  // the socket at the first and uncork once they are all written, so they leave in one write
  // (as the upstream sent them) instead of one system call per event.
  let corked = false;
  const uncork = (): void => {
    corked = false;
    raw.uncork();
  };
  try {
    for await (const chunk of inbound.encodeStream(guarded, client)) {
      if (raw.destroyed) break;
      if (firstByteMs < 0) firstByteMs = performance.now() - started;
      accepted.rawLog?.sseEvent('client', chunk);
      if (!corked) {
        corked = true;
        raw.cork();
        process.nextTick(uncork);
      }
      if (!raw.write(chunk)) await once(raw, 'drain', { signal });
    }
  } catch {
    // The client left while we waited for it to drain: nothing more can be sent.
  }
  if (!raw.destroyed) raw.end();
  return {
    outcome: signal.aborted ? 'aborted' : outcome.outcome,
    usage: toTokenUsage(outcome.usage),
    firstByteMs,
  };
}

async function readJson(
  response: AcceptedAnswer['response'],
  upstreamId: string,
  rawLog: AcceptedAnswer['rawLog'],
): Promise<unknown> {
  const text = await response.body.text();
  rawLog?.payload('upstream-response', text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError(
      'upstream_error',
      502,
      `Upstream '${upstreamId}' answered with a body that is not JSON.`,
    );
  }
}

async function* replay(answer: Parameters<typeof responseToStreamParts>[0]): AsyncIterable<IrStreamPart> {
  yield* responseToStreamParts(answer);
}

function toTokenUsage(usage: IrUsage): RelayOutcome['usage'] {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens,
    cacheCreationInputTokens: usage.cacheCreationInputTokens,
  };
}
