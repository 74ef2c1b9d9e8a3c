import { randomUUID } from 'node:crypto';
import type { IrResponse } from '../../ir/response.js';
import type { IrUsage } from '../../ir/usage.js';
import type { ClientExchange } from '../protocol.js';
import { AnthropicLayoutView } from './anthropic-layout.js';
import { ANTHROPIC_RESPONSE_IR_FIELDS } from './decode-response.js';
import { encodeAnthropicContentBlock } from './encode-content-block.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import { encodeAnthropicStopReason } from './map-finish-reason.js';
import { encodeAnthropicUsageCounts } from './map-ir-usage.js';
import { CLIENT_SIGNATURE_PROVIDER } from './map-signature.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicUsage } from './wire.js';

/**
 * A Messages id for an answer that has none (an upstream of another format that sent no id).
 */
export function newAnthropicMessageId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Encodes an IR answer as a Messages response for the client: `id`, `type: "message"`,
 * `role: "assistant"`, `model` (the answering model; the client's requested name when the IR
 * has none), `content`, `stop_reason`, `stop_sequence`, `usage` with the four counts, then the
 * fields `decodeAnthropicResponse` kept aside. Signatures of other providers are tagged
 * `sb1.<provider>.` (see `encodeAnthropicSignature`). Opaque parts of other formats are left out
 * (this mapper has no warning channel; the IR's producer warns).
 * Source: Anthropic API reference, "Messages" (response body).
 */
export function encodeAnthropicResponse(response: IrResponse, client: ClientExchange): AnthropicMessage {
  const extension: Readonly<Record<string, unknown>> = response.extensions.anthropic ?? {};
  const encoding = {
    signatureReader: CLIENT_SIGNATURE_PROVIDER,
    layout: new AnthropicLayoutView(response.extensions),
    warnings: [],
  };
  const content = response.content.flatMap((part): AnthropicContentBlock[] => {
    const block = encodeAnthropicContentBlock(part, encoding);
    return block === undefined ? [] : [block];
  });
  const keptStopReason = extension.stop_reason;
  const message: AnthropicMessage = {
    id: response.id === '' ? newAnthropicMessageId() : response.id,
    type: 'message',
    role: 'assistant',
    model: response.model === '' ? client.requestedModel : response.model,
    content,
    stop_reason:
      response.finishReason === 'other' && typeof keptStopReason === 'string'
        ? keptStopReason
        : encodeAnthropicStopReason(response.finishReason),
    stop_sequence: response.stopSequence ?? null,
    usage: encodeResponseUsage(response.usage, extension.usage),
  };
  for (const [key, value] of Object.entries(extension))
    if (!ANTHROPIC_RESPONSE_IR_FIELDS.has(key)) message[key] = value;
  return message;
}

/** The four counts, then the kept `usage` fields; `reasoningTokens` as `output_tokens_details`. */
function encodeResponseUsage(usage: IrUsage, rest: unknown): AnthropicUsage {
  const encoded: AnthropicUsage = encodeAnthropicUsageCounts(usage);
  const kept: JsonObject = isJsonObject(rest) ? rest : {};
  for (const [key, value] of Object.entries(kept)) if (!(key in encoded)) encoded[key] = value;
  if (usage.reasoningTokens !== undefined && !('output_tokens_details' in encoded)) {
    encoded.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  }
  return encoded;
}
