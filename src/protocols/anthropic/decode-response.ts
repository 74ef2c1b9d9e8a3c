import { GatewayError } from '../../errors/gateway-error.js';
import type { IrPart } from '../../ir/part.js';
import type { IrResponse } from '../../ir/response.js';
import type { UpstreamExchange } from '../protocol.js';
import { ANTHROPIC_LAYOUT_NAMESPACE, AnthropicLayoutRecorder } from './anthropic-layout.js';
import { decodeAnthropicContentBlock, type ContentBlockDecoding } from './decode-content-block.js';
import { isJsonObject, pickUnknownKeys, type JsonObject } from './json-value.js';
import { decodeAnthropicStopReason, isAnthropicStopReason } from './map-finish-reason.js';
import { ANTHROPIC_USAGE_COUNT_KEYS, completeIrUsage, decodeAnthropicUsageCounts } from './map-ir-usage.js';

/**
 * Messages response fields the IR carries: decoding puts the others in `extensions.anthropic`, and
 * `encodeAnthropicResponse` writes these from the IR (the extension never overrides them).
 */
export const ANTHROPIC_RESPONSE_IR_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'role',
  'model',
  'content',
  'stop_reason',
  'stop_sequence',
  'usage',
]);

/**
 * Decodes an upstream's Messages response, tolerantly: a missing `usage` or count is 0, a
 * malformed or unknown block is carried as an opaque part, tool names are mapped back through
 * `exchange.toolNames`, untagged signatures are attributed to `exchange.providerId`. What the
 * IR has no field for is kept for `encodeAnthropicResponse`: other top-level fields
 * (`container`, `context_management`, `stop_details`, …) and a `stop_reason` newer than the
 * reference in `extensions.anthropic`, `usage` fields besides the four counts (`service_tier`,
 * `server_tool_use`, `cache_creation`, …) in `extensions.anthropic.usage`, tool-call fields
 * (`caller`) in the `anthropic.layout` extension.
 * Source: Anthropic API reference, "Messages" (response body).
 * @param body the parsed JSON answer
 * @param exchange what the request encoder decided
 * @throws GatewayError (502, `upstream_error`) when the body is not a JSON object
 */
export function decodeAnthropicResponse(body: unknown, exchange: UpstreamExchange): IrResponse {
  if (!isJsonObject(body)) {
    throw new GatewayError(
      'upstream_error',
      502,
      `Upstream '${exchange.providerId}' answered with a body that is not a Messages response.`,
    );
  }
  const layout = new AnthropicLayoutRecorder();
  const decoding: ContentBlockDecoding = {
    strict: false,
    signatureProvider: exchange.providerId,
    toolNames: exchange.toolNames,
    layout,
  };
  const blocks = Array.isArray(body.content) ? (body.content as unknown[]) : [];
  const content = blocks.flatMap((block, index): IrPart[] => {
    const part = decodeAnthropicContentBlock(block, `content.${index}`, decoding);
    return part === undefined ? [] : [part];
  });
  const extension: JsonObject = pickUnknownKeys(body, ANTHROPIC_RESPONSE_IR_FIELDS);
  if (typeof body.stop_reason === 'string' && !isAnthropicStopReason(body.stop_reason)) {
    extension.stop_reason = body.stop_reason;
  }
  if (isJsonObject(body.usage)) {
    const usageRest = pickUnknownKeys(body.usage, ANTHROPIC_USAGE_COUNT_KEYS);
    if (Object.keys(usageRest).length > 0) extension.usage = usageRest;
  }
  const layoutExtension = layout.toExtension();
  return {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : exchange.model,
    content,
    finishReason: decodeAnthropicStopReason(body.stop_reason),
    ...(typeof body.stop_sequence === 'string' ? { stopSequence: body.stop_sequence } : {}),
    usage: completeIrUsage(decodeAnthropicUsageCounts(body.usage)),
    extensions: {
      ...(Object.keys(extension).length > 0 ? { anthropic: extension } : {}),
      ...(layoutExtension === undefined ? {} : { [ANTHROPIC_LAYOUT_NAMESPACE]: layoutExtension }),
    },
  };
}
