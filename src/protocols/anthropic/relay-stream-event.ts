import { parseSseEvent } from '../../upstream/sse-decode.js';
import { encodeAnthropicSignature } from './map-signature.js';
import { emptyTokenUsage, repairAnthropicUsage, type TokenUsage } from './map-usage.js';

/** What the relay learned from an Anthropic SSE stream while passing it through. */
export interface AnthropicStreamTally {
  readonly usage: TokenUsage;
  sawMessageStart: boolean;
  sawMessageStop: boolean;
  sawError: boolean;
  stopReason: string | undefined;
  /**
   * Signature family of the upstream (`signatureFamilyOf`); signatures of any family but
   * `anthropic` are tagged on their way to the client, so they only ever go back to their family.
   */
  readonly signatureFamily: string;
  /**
   * Applied to the raw text of each `error` event before it is relayed: an upstream that echoes
   * the key it was sent in an error message must not hand it to the client (`SecretRegistry.scrub`).
   */
  readonly scrub: (text: string) => string;
}

const unchanged = (text: string): string => text;

/**
 * A fresh tally for one stream.
 * @param signatureFamily the upstream's signature family (default `anthropic`: nothing is tagged)
 * @param scrub applied to `error` events (default: none; see {@link AnthropicStreamTally.scrub})
 */
export function createStreamTally(
  signatureFamily = 'anthropic',
  scrub: (text: string) => string = unchanged,
): AnthropicStreamTally {
  return {
    signatureFamily,
    scrub,
    usage: emptyTokenUsage(),
    sawMessageStart: false,
    sawMessageStop: false,
    sawError: false,
    stopReason: undefined,
  };
}

/**
 * Passes one raw Anthropic SSE event through, reading usage on the side. Only `message_start` and
 * `message_delta` are parsed; they are re-serialised only when their `usage` had to be repaired
 * (missing `usage`, missing or non-numeric `input_tokens` / `output_tokens`). Every other event
 * is returned byte for byte, except `error` events, scrubbed of configured secrets
 * (`tally.scrub`), and thinking signatures of non-Anthropic upstreams
 * (`content_block_start` of thinking / redacted_thinking, `signature_delta`), which are tagged
 * with their family.
 * Source: Anthropic API reference, "Streaming Messages" (event types and flow).
 * @param raw one complete event (as `SseEventSplitter` yields it)
 * @param tally updated in place
 * @returns the text to send to the client
 */
export function relayAnthropicStreamEvent(raw: string, tally: AnthropicStreamTally): string {
  const name = eventName(raw);
  switch (name) {
    case 'message_start':
      tally.sawMessageStart = true;
      return repairEvent(raw, (data) => {
        const message = asObject(data.message);
        if (!message) return false;
        const repaired = repairAnthropicUsage(message.usage, tally.usage);
        if (repaired.changed) message.usage = repaired.usage;
        return repaired.changed;
      });
    case 'message_delta':
      return repairEvent(raw, (data) => {
        const delta = asObject(data.delta);
        if (delta && typeof delta.stop_reason === 'string') tally.stopReason = delta.stop_reason;
        const repaired = repairAnthropicUsage(data.usage, tally.usage, false);
        if (repaired.changed) data.usage = repaired.usage;
        return repaired.changed;
      });
    case 'content_block_start':
      if (tally.signatureFamily === 'anthropic' || !/"(redacted_)?thinking"/.test(raw)) return raw;
      return repairEvent(raw, (data) => {
        const block = asObject(data.content_block);
        return block ? tagBlockSignature(block, tally.signatureFamily) : false;
      });
    case 'content_block_delta':
      if (tally.signatureFamily === 'anthropic' || !raw.includes('signature_delta')) return raw;
      return repairEvent(raw, (data) => {
        const delta = asObject(data.delta);
        if (delta?.type !== 'signature_delta' || typeof delta.signature !== 'string') return false;
        delta.signature = encodeAnthropicSignature({
          provider: tally.signatureFamily,
          value: delta.signature,
        });
        return true;
      });
    case 'message_stop':
      tally.sawMessageStop = true;
      return raw;
    case 'error':
      tally.sawError = true;
      return tally.scrub(raw);
    default:
      return raw;
  }
}

/** The `event:` field, read cheaply from the first line when it is there. */
function eventName(raw: string): string | undefined {
  if (raw.startsWith('event:')) {
    const end = raw.search(/\r|\n/);
    return raw.slice(6, end === -1 ? undefined : end).trim();
  }
  return parseSseEvent(raw).event;
}

function repairEvent(raw: string, repair: (data: Record<string, unknown>) => boolean): string {
  const parsed = parseSseEvent(raw);
  let data: unknown;
  try {
    data = JSON.parse(parsed.data);
  } catch {
    return raw;
  }
  const object = asObject(data);
  if (!object || !repair(object)) return raw;
  return `event: ${parsed.event ?? String(object.type)}\ndata: ${JSON.stringify(object)}\n\n`;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Tags the signature of a `thinking` block (or the `data` of a `redacted_thinking` block) with
 * the family that produced it; blocks of other types and empty signatures are left alone.
 * @param block a content block, changed in place
 * @param family the upstream's signature family
 * @returns whether the block changed
 */
export function tagBlockSignature(block: Record<string, unknown>, family: string): boolean {
  const field =
    block.type === 'thinking' ? 'signature' : block.type === 'redacted_thinking' ? 'data' : undefined;
  if (field === undefined || family === 'anthropic') return false;
  const value = block[field];
  if (typeof value !== 'string' || value === '') return false;
  block[field] = encodeAnthropicSignature({ provider: family, value });
  return true;
}
