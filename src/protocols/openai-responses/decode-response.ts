import { randomUUID } from 'node:crypto';
import type { IrPart } from '../../ir/part.js';
import type { IrResponse } from '../../ir/response.js';
import { EMPTY_IR_USAGE } from '../../ir/usage.js';
import { WarningCollector } from '../openai-chat/collect-warnings.js';
import { decodeUnexpectedAnswer } from '../openai-chat/decode-upstream-error.js';
import { argumentsText, finalizeToolCall } from '../openai-chat/finalize-tool-call.js';
import type { DecodeOptions, UpstreamExchange } from '../protocol.js';
import { decodeResponsesFailure } from './decode-upstream-failure.js';
import { decodeResponsesFinishReason } from './map-finish-reason.js';
import { reasoningPartOfOutputItem } from './map-reasoning-item.js';
import { decodeOpenAIResponsesUsage } from './map-usage.js';
import type { OpenAIResponsesOutputItem } from './wire-upstream.js';
import { openAIResponsesOutputItemSchema, openAIResponsesResponseSchema } from './wire-upstream.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/**
 * Upstream response object (`object: "response"`) → IR answer, `output` in order:
 *
 * | output item                        | IR                                                      |
 * |------------------------------------|---------------------------------------------------------|
 * | `message` `output_text` parts      | text parts                                              |
 * | `message` `refusal` parts          | text parts (finish reason `refusal` when the response completed) |
 * | `function_call`                    | tool-use (`id` = `call_id`; shortened names mapped back; arguments repaired, or the call passed on as text, by the chat spoke's `finalizeToolCall`) |
 * | `reasoning`                        | reasoning: summary texts joined, signed by `exchange.providerId` with the packed `id` / `encrypted_content` (`map-reasoning-item.ts`) |
 * | other types (`web_search_call`, …) | opaque parts of format `openai-responses`               |
 *
 * Finish reason per `map-finish-reason.ts`, usage per `map-usage.ts`; `model` is the model that
 * answered.
 * Source: OpenAI API reference, "The response object".
 * @throws GatewayError (502) when the body is an error envelope or not a response object; the
 *   failure's own status (`decode-upstream-failure.ts`) for `status: "failed"`
 */
export function decodeOpenAIResponsesResponse(
  body: unknown,
  exchange: UpstreamExchange,
  options: DecodeOptions = {},
): IrResponse {
  const parsed = openAIResponsesResponseSchema.safeParse(body);
  const response = parsed.success ? parsed.data : undefined;
  if (response?.status === 'failed') {
    throw decodeResponsesFailure(response.error ?? undefined, exchange, 'answered with a failed response');
  }
  if (response === undefined || !Array.isArray(response.output)) {
    throw decodeUnexpectedAnswer(body, exchange.providerId, 'a response object');
  }
  const warnings = new WarningCollector();
  const warn = (code: string, message: string, kind?: string): void => warnings.add(code, message, kind);
  const id = response.id ?? `resp_${randomUUID().replaceAll('-', '')}`;
  const content: IrPart[] = [];
  let toolCalls = 0;
  let refused = false;
  response.output.forEach((raw, position) => {
    const parsedItem = openAIResponsesOutputItemSchema.safeParse(raw);
    if (!parsedItem.success) {
      warn('malformed-output', 'Output items that were not objects with a type were skipped.');
      return;
    }
    const item: OpenAIResponsesOutputItem = parsedItem.data;
    switch (item.type) {
      case 'message':
        for (const part of item.content ?? []) {
          if (part.type === 'refusal' && typeof part.refusal === 'string') {
            refused = true;
            content.push({ type: 'text', text: part.refusal });
          } else if (typeof part.text === 'string' && part.text !== '') {
            content.push({ type: 'text', text: part.text });
          }
        }
        break;
      case 'function_call': {
        const call = finalizeToolCall(
          {
            position,
            id: item.call_id ?? undefined,
            name: item.name ?? '',
            arguments: argumentsText(item.arguments),
          },
          exchange,
          id,
          warn,
        );
        if (call.kind === 'tool') {
          toolCalls += 1;
          content.push({ type: 'tool-use', id: call.id, name: call.name, input: call.input });
        } else if (call.kind === 'text') content.push({ type: 'text', text: call.text });
        break;
      }
      case 'reasoning':
        content.push(reasoningPartOfOutputItem(item, exchange.providerId));
        break;
      default:
        content.push({
          type: 'opaque',
          format: OPENAI_RESPONSES_FORMAT,
          value: raw as Record<string, unknown>,
        });
    }
  });
  for (const warning of warnings.list()) options.onWarning?.(warning);
  return {
    id,
    model: response.model ?? exchange.model,
    content,
    finishReason: decodeResponsesFinishReason(
      response.status ?? undefined,
      response.incomplete_details?.reason ?? undefined,
      {
        hasToolCalls: toolCalls > 0,
        refused,
      },
    ),
    usage: response.usage == null ? EMPTY_IR_USAGE : decodeOpenAIResponsesUsage(response.usage),
    extensions: {},
  };
}
