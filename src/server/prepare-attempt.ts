import type { SwitchboardConfig } from '../config/switchboard-config.js';
import type { IrWarning } from '../ir/warning.js';
import { adaptAnthropicBody } from '../protocols/anthropic/adapt-anthropic-body.js';
import { encodeJsonBytes, WHOLE_BELOW_BYTES } from '../protocols/json/encode-json-bytes.js';
import { MemberBytesCache } from '../protocols/json/member-bytes-cache.js';
import type { ClientExchange, Protocol, UpstreamExchange } from '../protocols/protocol.js';
import { protocolFor } from '../protocols/registry.js';
import { adaptRequest } from '../routing/adapt-request.js';
import { applyPayloadRules, compilePayloadRules } from '../routing/apply-payload-rules.js';
import type { ModelResolution } from '../routing/resolve-model.js';
import type { RouteTarget } from '../routing/route-table.js';
import { outputLimitOf, thinkingAllowedFor } from '../routing/target-limits.js';

/**
 * The upstream payload of one attempt: the client's own Anthropic body (fast path: byte for byte,
 * or its parsed object with only what the target needs changed), or the hub's encoding of the
 * decoded request in the upstream's format, with what the relay needs to translate the answer.
 * Both carry `appliedPayload`: what the config's `payload` rules did (`applyPayloadRules`'s
 * `applied`; empty when no rule matched), for logging, never a warning to the client.
 */
export type PreparedAttempt =
  | {
      readonly kind: 'fast';
      /** The client's bytes, or the adapted body's UTF-8 JSON. */
      readonly payload: Buffer | undefined;
      readonly warnings: readonly IrWarning[];
      readonly appliedPayload: readonly string[];
    }
  | {
      readonly kind: 'translated';
      /** The upstream body as UTF-8 JSON bytes (`encodeJsonBytes`). */
      readonly payload: Buffer;
      readonly upstreamProtocol: Protocol;
      readonly exchange: UpstreamExchange;
      readonly client: ClientExchange;
      readonly warnings: readonly IrWarning[];
      readonly appliedPayload: readonly string[];
    };

/**
 * The bytes of what upstream bodies repeat from request to request: the tools and system prompt a
 * client resends every turn, as the body's format writes them (Claude Code's ~62 KB of tools,
 * re-encoded for an OpenAI upstream, took most of a translated request's encoding time), and the
 * messages of a conversation, item by item (each turn resends the earlier ones, in place; an
 * OpenAI body's system prompt is its first message). Process-wide; values of 4 KB or more, 8 per
 * member name or message position and format, at most 512 of those and 32 MiB in all.
 */
const UPSTREAM_MEMBER_BYTES = new MemberBytesCache({
  members: new Set(['tools', 'system', 'instructions', 'systemInstruction', 'system_instruction']),
  itemMembers: new Set(['messages', 'contents', 'input']),
  minBytes: WHOLE_BELOW_BYTES,
  perKey: 8,
  maxKeys: 512,
  maxBytes: 32 * 1024 * 1024,
});

/** What {@link prepareAttempt} reads: the inbound request (parsed once) and where it goes. */
export interface AttemptInput {
  readonly inbound: Protocol;
  /** The client's body, parsed once. */
  readonly json: Record<string, unknown>;
  /** The client's body bytes. */
  readonly rawBody: Buffer | undefined;
  readonly resolution: ModelResolution;
  /** Decodes the client's request into the IR (memoised by the caller). */
  readonly decode: () => ReturnType<Protocol['decodeRequest']>;
  readonly config: SwitchboardConfig;
}

/**
 * Builds the payload for one target: the same-format fast path (Anthropic client → Anthropic-format
 * upstream: `adaptAnthropicBody`) or the hub (decode → `adaptRequest` → the upstream protocol's
 * `encodeRequest`), then applies the config's `payload` rules (seed 002, "Payload Configuration")
 * for the target model and the upstream's format. The fast path still sends the client's bytes
 * when neither the adaptation nor a rule changed the body. DESIGN.md "One request, end to end".
 * @param family the signature family of the upstream (`signatureFamilyOf`)
 * @throws GatewayError (400) when the request cannot be expressed for the upstream
 */
export function prepareAttempt(input: AttemptInput, target: RouteTarget, family: string): PreparedAttempt {
  const { inbound, json, rawBody, resolution, config } = input;
  const upstream = target.route.upstream;
  const payloadRules = compilePayloadRules(config.payload);
  const payloadTarget = { model: target.model, format: upstream.format };
  // The upstream body is made from the client's: as large, give or take the translation.
  const sizeHint = rawBody?.length;
  if (inbound.format === 'anthropic' && upstream.format === 'anthropic') {
    const adaptation = adaptAnthropicBody(json, {
      model: target.model,
      family,
      maxOutputTokens: outputLimitOf(upstream, target.model),
      toolSearch: family === 'anthropic',
      thinkingAllowed: thinkingAllowedFor(config, resolution.tier),
    });
    const ruled = applyPayloadRules(payloadRules, payloadTarget, adaptation.body);
    return {
      kind: 'fast',
      payload:
        adaptation.changed || ruled.changed
          ? encodeJsonBytes(ruled.body, { store: UPSTREAM_MEMBER_BYTES, scope: upstream.format }, sizeHint)
          : rawBody,
      warnings: adaptation.warnings,
      appliedPayload: ruled.applied,
    };
  }
  const decoded = input.decode();
  const adapted = adaptRequest(decoded.request, {
    upstream,
    model: target.model,
    tier: resolution.tier,
    config,
  });
  const upstreamProtocol = protocolFor(upstream.format);
  const encoded = upstreamProtocol.encodeRequest(adapted.request, {
    providerId: family,
    model: target.model,
    replayReasoning: upstream.replayReasoning,
    maxToolNameLength: upstream.maxToolNameLength,
  });
  const ruled = applyPayloadRules(payloadRules, payloadTarget, encoded.body);
  return {
    kind: 'translated',
    payload: encodeJsonBytes(ruled.body, { store: UPSTREAM_MEMBER_BYTES, scope: upstream.format }, sizeHint),
    upstreamProtocol,
    exchange: encoded.exchange,
    client: decoded.client,
    warnings: [...decoded.warnings, ...adapted.warnings, ...encoded.warnings],
    appliedPayload: ruled.applied,
  };
}
