import type { IncomingHttpHeaders } from 'node:http';
import type { HttpTimeouts } from '../config/switchboard-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { IrWarning } from '../ir/warning.js';
import type { RawPayloadLog } from '../observability/raw-payload-log.js';
import type { RequestUsage } from '../observability/request-usage.js';
import type { ClientExchange, Protocol, UpstreamExchange } from '../protocols/protocol.js';
import type { AttemptStage } from '../routing/execute-stages.js';
import type { RequestCredentials } from '../routing/request-credentials.js';
import { withCredential } from '../routing/request-credentials.js';
import type { RouteTarget } from '../routing/route-table.js';
import { signatureFamilyOf } from '../routing/signature-family.js';
import { limiterFor } from '../routing/upstream-limiters.js';
import { buildUpstreamCall } from '../upstream/build-upstream-call.js';
import { decodeUpstreamError } from '../upstream/decode-upstream-error.js';
import { endpointOf, sendUpstreamRequest, type UpstreamHttpResponse } from '../upstream/send-request.js';
import { prepareAttempt, type AttemptInput } from './prepare-attempt.js';

/** Fields every accepted answer has. */
interface AcceptedCommon {
  readonly target: RouteTarget;
  readonly endpoint: string;
  readonly response: UpstreamHttpResponse;
  readonly stream: boolean;
  readonly warnings: readonly IrWarning[];
  /** The requested model's reference when a fallback or preview model answered instead. */
  readonly fallbackFrom?: string | undefined;
  /** Frees the upstream's concurrency slot; call once the answer has been relayed (idempotent). */
  readonly release: () => void;
  /** Raw body / SSE logging of this request (`LOG_RAW_*`); undefined when off. */
  readonly rawLog?: RawPayloadLog | undefined;
  /**
   * Scrubs configured secrets out of the upstream's error texts that reach the client while the
   * answer is relayed (stream `error` events); `AttemptContext.scrub`.
   */
  readonly scrub: (text: string) => string;
}

/** An upstream answer accepted by the attempt loop (status < 400, headers read, nothing sent yet). */
export type AcceptedAnswer =
  | (AcceptedCommon & { readonly kind: 'fast' })
  | (AcceptedCommon & {
      readonly kind: 'translated';
      readonly upstreamProtocol: Protocol;
      readonly exchange: UpstreamExchange;
      readonly client: ClientExchange;
    });

/** What every attempt of one request shares. */
export interface AttemptContext {
  readonly input: AttemptInput;
  readonly credentials: RequestCredentials;
  readonly usage: RequestUsage;
  readonly inboundHeaders: IncomingHttpHeaders;
  /** The client's query string (`?beta=true`), forwarded where the upstream format takes it. */
  readonly search: string;
  readonly stream: boolean;
  /** The request's one abort signal (client connection → upstream call). */
  readonly signal: AbortSignal;
  readonly timeouts: HttpTimeouts;
  /** Raw body / SSE logging of this request (`LOG_RAW_*`); undefined when off. */
  readonly rawLog?: RawPayloadLog | undefined;
  /** Scrubs configured secrets out of upstream error texts before they reach the client. */
  readonly scrub: (text: string) => string;
}

/**
 * One attempt against one target: pick a credential, wait for the upstream's limiter slot
 * (`provider-limits`), build the payload, send it, and classify the answer. A 4xx/5xx answer or a
 * network failure is recorded against the credential (cooldowns) and thrown; a 2xx answer is
 * returned with its slot still held (the relay releases it).
 * @throws CredentialsUnavailableError (429/503) when no credential can take the target
 * @throws UpstreamBusyError (429) when the upstream's queue is full or the wait timed out
 * @throws the decoded upstream error (`decodeUpstreamError`) for an error status
 * @throws UpstreamNetworkError / UpstreamTimeoutError when the upstream could not be reached
 */
export async function attemptUpstream(
  context: AttemptContext,
  target: RouteTarget,
  stage: AttemptStage,
): Promise<AcceptedAnswer> {
  const { credentials, signal } = context;
  const credential = await credentials.pick(target);
  const upstream = withCredential(target.route.upstream, credential);
  const slot = await limiterFor(target.route.upstream).acquire(signal);
  let accepted = false;
  try {
    const call = buildUpstreamCall(upstream, {
      model: target.model,
      stream: context.stream,
      inbound: context.inboundHeaders,
      search: context.search,
    });
    const prepared = prepareAttempt(context.input, target, signatureFamilyOf(upstream));
    context.usage.noteAttempt(upstream.id, target.model, credential?.id);
    context.rawLog?.payload('upstream-request', prepared.payload);
    const response = await sendUpstreamRequest({
      upstreamId: upstream.id,
      url: call.url,
      method: 'POST',
      headers: call.headers,
      body: prepared.payload,
      proxyUrl: upstream.proxyUrl,
      signal,
      timeouts: context.timeouts,
    }).catch(async (error: unknown) => {
      if (error instanceof GatewayError && !signal.aborted) {
        await credentials.failed(target, credential, {
          networkError: error.code === 'upstream_network',
          timeout: error.code === 'upstream_timeout',
          headers: {},
        });
      }
      throw error;
    });
    const endpoint = endpointOf(call.url);
    if (response.statusCode >= 400) {
      const text = await response.body.text();
      context.rawLog?.payload('upstream-response', text);
      await credentials.failed(target, credential, {
        status: response.statusCode,
        headers: response.headers,
        body: text,
      });
      throw decodeUpstreamError({
        upstreamId: upstream.id,
        endpoint,
        status: response.statusCode,
        headers: response.headers,
        // Some relays echo the key they were sent: it must not reach the client's error body.
        body: context.scrub(text),
        retryOnAnotherCredential: credentials.rotatesCredential(target),
      });
    }
    await credentials.succeeded(target, credential, response.headers);
    accepted = true;
    const common = {
      target,
      endpoint,
      response,
      stream: context.stream,
      warnings: prepared.warnings,
      fallbackFrom: stage.kind === 'primary' ? undefined : context.usage.requestedModel,
      release: () => slot.release(),
      rawLog: context.rawLog,
      scrub: context.scrub,
    };
    return prepared.kind === 'fast'
      ? { ...common, kind: 'fast' }
      : {
          ...common,
          kind: 'translated',
          upstreamProtocol: prepared.upstreamProtocol,
          exchange: prepared.exchange,
          client: prepared.client,
        };
  } finally {
    if (!accepted) slot.release();
  }
}
