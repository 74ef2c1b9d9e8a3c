import { GatewayError } from '../errors/gateway-error.js';
import { EMPTY_IR_USAGE, type IrUsage } from '../ir/usage.js';
import type { WireFormat } from '../protocols/protocol.js';
import type { UsageSink } from './usage-log.js';
import type { UsageOutcome } from './usage-record.js';

/** HTTP status recorded for a request whose client went away before the answer (nginx's 499). */
export const CLIENT_CLOSED_STATUS = 499;

/** How a request ended, as {@link RequestUsage.finish} takes it. */
export interface RequestEnd {
  readonly status: number;
  readonly outcome: UsageOutcome;
  readonly usage?: IrUsage | undefined;
  /** ms from arrival to the first byte sent to the client. */
  readonly firstByteMs?: number | undefined;
  readonly errorCode?: string | undefined;
}

/**
 * Collects one generation request's usage record while it runs and hands it to the sink exactly
 * once (the first `finish`/`fail` wins; later calls are ignored), so no path can lose or
 * double-count a request. Cheap: a few field writes per attempt, one object at the end.
 */
export class RequestUsage {
  readonly #sink: UsageSink;
  readonly #requestId: string;
  readonly #inbound: WireFormat;
  readonly #startedAt = Date.now();
  readonly #startedPerf = performance.now();
  #done = false;
  #attempts = 0;
  #upstream: string | undefined;
  #upstreamModel: string | undefined;
  #credentialId: string | undefined;
  #fallbackFrom: string | undefined;
  /** The model the client asked for; set once the body is read. */
  requestedModel = '';
  /** Whether the client asked for a stream; set once the body is read. */
  stream = false;
  /** The inbound key's id (`authenticate`), once the request is admitted. */
  inboundKeyId: string | undefined;

  /**
   * @param sink where the finished record goes
   * @param requestId the gateway's request id
   * @param inbound the client's wire format
   */
  constructor(sink: UsageSink, requestId: string, inbound: WireFormat) {
    this.#sink = sink;
    this.#requestId = requestId;
    this.#inbound = inbound;
  }

  /** ms since the request arrived. */
  elapsedMs(): number {
    return performance.now() - this.#startedPerf;
  }

  /** Notes one upstream call (counted) and where it went; the last one is what the record names. */
  noteAttempt(upstream: string, model: string, credentialId: string | undefined): void {
    this.#attempts += 1;
    this.#upstream = upstream;
    this.#upstreamModel = model;
    this.#credentialId = credentialId;
  }

  /** Notes that a fallback (or preview) model answered instead of the requested one. */
  noteFallback(): void {
    this.#fallbackFrom = this.requestedModel;
  }

  /** Records the end of the request (once). */
  finish(end: RequestEnd): void {
    if (this.#done) return;
    this.#done = true;
    this.#sink.record({
      requestId: this.#requestId,
      startedAt: this.#startedAt,
      inbound: this.#inbound,
      inboundKeyId: this.inboundKeyId,
      requestedModel: this.requestedModel,
      upstream: this.#upstream,
      upstreamModel: this.#upstreamModel,
      credentialId: this.#credentialId,
      fallbackFrom: this.#fallbackFrom,
      attempts: this.#attempts,
      stream: this.stream,
      status: end.status,
      outcome: end.outcome,
      errorCode: end.errorCode,
      usage: end.usage ?? EMPTY_IR_USAGE,
      firstByteMs: end.firstByteMs === undefined ? undefined : Math.round(end.firstByteMs),
      latencyMs: Math.round(this.elapsedMs()),
    });
  }

  /**
   * Records a request that ended in an error before any answer byte: `aborted` (status 499) when
   * the client had gone away, else `rejected` with the error's status and code (500 `internal`
   * for an error that is not a gateway error).
   */
  fail(error: unknown, clientGone: boolean): void {
    if (clientGone) {
      this.finish({ status: CLIENT_CLOSED_STATUS, outcome: 'aborted' });
      return;
    }
    const gatewayError = error instanceof GatewayError ? error : undefined;
    this.finish({
      status: gatewayError?.status ?? 500,
      outcome: 'rejected',
      errorCode: gatewayError ? (gatewayError.wireCode ?? gatewayError.code) : 'internal',
    });
  }
}
