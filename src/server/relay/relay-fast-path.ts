import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IrWarning } from '../../ir/warning.js';
import type { AcceptedAnswer } from '../attempt-upstream.js';
import {
  emptyTokenUsage,
  repairAnthropicUsage,
  type TokenUsage,
} from '../../protocols/anthropic/map-usage.js';
import { tagBlockSignature } from '../../protocols/anthropic/relay-stream-event.js';
import { decodeJsonText } from '../../protocols/json/decode-json-text.js';
import { signatureFamilyOf } from '../../routing/signature-family.js';
import { responseHeadersFor } from '../routes/route-helpers.js';
import { relayAnthropicStream } from './relay-anthropic-stream.js';

/** How a relayed answer ended, for the log and the usage record. */
export interface RelayOutcome {
  readonly outcome: 'complete' | 'failed' | 'aborted';
  readonly usage: TokenUsage;
  /** ms from the start of the relay to the first byte written; -1 when none was. */
  readonly firstByteMs: number;
  /** What decoding the answer had to repair or drop (translated answers only). */
  readonly warnings?: readonly IrWarning[] | undefined;
}

/**
 * Relays a same-format (Anthropic-format upstream → Anthropic client) answer: SSE event by event
 * (usage repaired, non-Anthropic signatures tagged), or the JSON body, re-serialised only when its
 * usage or signatures had to change.
 */
export async function relayFastPath(
  accepted: Extract<AcceptedAnswer, { kind: 'fast' }>,
  request: FastifyRequest,
  reply: FastifyReply,
  signal: AbortSignal,
): Promise<RelayOutcome> {
  const { response, target } = accepted;
  const headers = responseHeadersFor(request.id, target, response.headers, accepted.fallbackFrom);
  const family = signatureFamilyOf(target.route.upstream);
  const contentType = String(response.headers['content-type'] ?? '');
  if (accepted.stream && contentType.includes('text/event-stream')) {
    reply.hijack();
    reply.raw.writeHead(response.statusCode, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const result = await relayAnthropicStream({
      upstreamId: target.route.upstream.id,
      endpoint: accepted.endpoint,
      body: response.body,
      response: reply.raw,
      signal,
      requestId: request.id,
      signatureFamily: family,
      rawLog: accepted.rawLog,
      scrub: accepted.scrub,
    });
    return { outcome: result.outcome, usage: result.tally.usage, firstByteMs: result.firstByteMs };
  }
  const started = performance.now();
  const bytes = await response.body.bytes();
  accepted.rawLog?.payload('upstream-response', bytes);
  const usage = emptyTokenUsage();
  const answer = adaptJsonAnswer(bytes, usage, family);
  await reply
    .code(response.statusCode)
    .headers({ ...headers, 'content-type': contentType || 'application/json' })
    .send(answer);
  return { outcome: 'complete', usage, firstByteMs: performance.now() - started };
}

/**
 * Reads usage from a JSON Messages answer; re-serialises it only when usage or signatures change,
 * else the upstream's bytes go out as they came (never decoded to a string for sending).
 */
function adaptJsonAnswer(bytes: Buffer, usage: TokenUsage, family: string): Buffer | string {
  let json: unknown;
  try {
    json = JSON.parse(decodeJsonText(bytes));
  } catch {
    return bytes;
  }
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'message')
    return bytes;
  const message = json as Record<string, unknown>;
  const repaired = repairAnthropicUsage(message.usage, usage);
  let changed = repaired.changed;
  if (Array.isArray(message.content)) {
    for (const block of message.content as Record<string, unknown>[])
      changed = tagBlockSignature(block, family) || changed;
  }
  if (!changed) return bytes;
  return JSON.stringify({ ...message, usage: repaired.usage });
}
