import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE, type IrUsage } from '../../ir/usage.js';
import { classifyNetworkError } from '../../upstream/send-request.js';

/** What a guarded stream saw, for the usage record and the log. */
export interface StreamOutcome {
  usage: IrUsage;
  outcome: 'complete' | 'failed' | 'aborted';
  /** ms from the start of the relay to the first part; -1 when none came. */
  firstPartMs: number;
}

/**
 * Wraps an upstream's decoded IR stream so that the client's encoder always sees a well-formed
 * ending: a thrown error (reset connection, read timeout, malformed upstream output) becomes an
 * `error` part, and a stream that ends without `finish` or `error` gets an `error` part too. When
 * the client has gone (`signal` aborted) the stream just stops. Usage is recorded on the side.
 * @param parts the upstream protocol's `decodeStream` output
 * @param outcome filled in as the stream goes
 */
export async function* guardStreamParts(
  parts: AsyncIterable<IrStreamPart>,
  context: { readonly upstreamId: string; readonly endpoint: string; readonly signal: AbortSignal },
  outcome: StreamOutcome,
): AsyncIterable<IrStreamPart> {
  const started = performance.now();
  let ended = false;
  try {
    for await (const part of parts) {
      if (outcome.firstPartMs < 0) outcome.firstPartMs = performance.now() - started;
      if (part.type === 'usage') outcome.usage = { ...outcome.usage, ...definedOnly(part.usage) };
      if (part.type === 'response-start' && part.usage)
        outcome.usage = { ...outcome.usage, ...definedOnly(part.usage) };
      if (part.type === 'finish') {
        outcome.usage = part.usage;
        outcome.outcome = 'complete';
        ended = true;
      }
      if (part.type === 'error') {
        outcome.outcome = 'failed';
        ended = true;
      }
      yield part;
      if (ended) return;
    }
    if (!ended) {
      outcome.outcome = 'failed';
      yield {
        type: 'error',
        error: new GatewayError(
          'upstream_error',
          502,
          `Upstream '${context.upstreamId}' ended the stream before it finished.`,
        ),
      };
    }
  } catch (error) {
    if (context.signal.aborted) {
      outcome.outcome = 'aborted';
      return;
    }
    outcome.outcome = 'failed';
    const failure =
      error instanceof GatewayError
        ? error
        : classifyNetworkError({ upstreamId: context.upstreamId, endpoint: context.endpoint }, error);
    yield {
      type: 'error',
      error: new GatewayError(
        failure.code,
        failure.status,
        `The stream from upstream '${context.upstreamId}' broke off: ${failure.message}`,
      ),
    };
  }
}

/** A fresh outcome record. */
export function createStreamOutcome(): StreamOutcome {
  return { usage: EMPTY_IR_USAGE, outcome: 'failed', firstPartMs: -1 };
}

function definedOnly(usage: Partial<IrUsage>): Partial<IrUsage> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(usage)) if (typeof value === 'number') out[key] = value;
  return out as Partial<IrUsage>;
}
