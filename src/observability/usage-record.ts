import type { IrUsage } from '../ir/usage.js';
import type { WireFormat } from '../protocols/protocol.js';

/**
 * How a generation request ended, from the client's side:
 * `complete` — the whole answer reached the client;
 * `rejected` — the gateway answered an error status before any answer byte (bad input, auth,
 *   every upstream failed, limits);
 * `failed` — the answer started (status 200 sent) and then broke off (the client got its format's
 *   stream error event);
 * `aborted` — the client went away first.
 */
export type UsageOutcome = 'complete' | 'rejected' | 'failed' | 'aborted';

/**
 * One generation request, recorded exactly once when it ends (DESIGN.md "observability: usage
 * recorded once per request"). Times in ms, tokens as integers. Never holds a secret: the
 * credential appears only as its hashed id (`cred_…`).
 */
export interface UsageRecord {
  /** The gateway's request id (`req_…`). */
  readonly requestId: string;
  /** When the request arrived, ms since the epoch. */
  readonly startedAt: number;
  /** The client's wire format. */
  readonly inbound: WireFormat;
  /** Stable short hash of the inbound key the client used (never the key); undefined without inbound auth. */
  readonly inboundKeyId?: string | undefined;
  /** The model the client asked for ('' when the body could not be read). */
  readonly requestedModel: string;
  /** The upstream that answered (or failed last), when one was tried. */
  readonly upstream?: string | undefined;
  /** The model id sent to that upstream. */
  readonly upstreamModel?: string | undefined;
  /** Hashed id of the credential used for the answering (or last) attempt. */
  readonly credentialId?: string | undefined;
  /**
   * Set when a fallback (or preview) model answered instead of the requested one: the requested
   * model, as in the `x-switchboard-fallback-from` header (the answering model is `upstream` /
   * `upstreamModel`).
   */
  readonly fallbackFrom?: string | undefined;
  /** Upstream calls made for this request (0 when it was rejected before any). */
  readonly attempts: number;
  readonly stream: boolean;
  /** HTTP status sent to the client. */
  readonly status: number;
  readonly outcome: UsageOutcome;
  /** The gateway error code when `outcome` is `rejected` (e.g. `model_cooldown`, `upstream_http`). */
  readonly errorCode?: string | undefined;
  /** Token usage reported by the upstream (zero when none was reported). */
  readonly usage: IrUsage;
  /** Time from arrival to the first byte sent to the client, ms (undefined when none was sent). */
  readonly firstByteMs?: number | undefined;
  /** Time from arrival to the end of the answer, ms. */
  readonly latencyMs: number;
}
