import type { IrResponse } from '../../ir/response.js';
import type { ClientExchange } from '../protocol.js';
import type { ResponsesOutputItemBody, ResponsesResponseBody } from './encode-response-body.js';
import {
  encodeResponseBody,
  functionCallItem,
  messageItem,
  outputItemId,
  reasoningItem,
  redactedReasoningItem,
  responsesId,
} from './encode-response-body.js';
import { encodeResponsesFinishReason } from './map-finish-reason.js';
import { encodeOpenAIResponsesUsage } from './map-usage.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** Options of the response encoder. */
export interface EncodeResponsesResponseOptions {
  /** Current time, ms since epoch (for `created_at`). */
  readonly now?: (() => number) | undefined;
}

/**
 * IR answer → response object for the client, `output` in the answer's order.
 *
 * | IR                         | output item                                                   |
 * |----------------------------|---------------------------------------------------------------|
 * | text parts in a row        | one `message` (`msg_…`) of `output_text` parts                |
 * | reasoning                  | `reasoning` with the text as one summary part; OpenAI's own `id` and `encrypted_content` given back unchanged, other providers' signatures tagged into `encrypted_content` (`map-reasoning-item.ts`) |
 * | redacted reasoning         | `reasoning` with `encrypted_content` `sbr1.<provider>.<data>` |
 * | tool-use                   | `function_call` (`fc_…`, `call_id` = the IR id, `arguments` = the input as JSON) |
 * | opaque `openai-responses`  | the item, verbatim                                            |
 * | images, documents, other opaque blocks | left out                                          |
 *
 * `status` / `incomplete_details` per `map-finish-reason.ts`, `usage` per `map-usage.ts`; `id`
 * is `resp_<IR id>`, `model` the model that answered.
 * Source: OpenAI API reference, "The response object".
 */
export function encodeOpenAIResponsesResponse(
  response: IrResponse,
  _client: ClientExchange,
  options: EncodeResponsesResponseOptions = {},
): ResponsesResponseBody {
  const id = responsesId(response.id);
  const output: ResponsesOutputItemBody[] = [];
  let texts: string[] | undefined;
  const flush = (): void => {
    if (texts !== undefined)
      output.push(messageItem(outputItemId('msg', id, output.length), texts, 'completed'));
    texts = undefined;
  };
  for (const part of response.content) {
    if (part.type === 'text') {
      (texts ??= []).push(part.text);
      continue;
    }
    flush();
    const index = output.length;
    switch (part.type) {
      case 'reasoning':
        output.push(reasoningItem(outputItemId('rs', id, index), part.text, part.signature, true));
        break;
      case 'redacted-reasoning':
        output.push(redactedReasoningItem(outputItemId('rs', id, index), part.provider, part.data));
        break;
      case 'tool-use':
        output.push(
          functionCallItem(
            outputItemId('fc', id, index),
            { callId: part.id, name: part.name, arguments: JSON.stringify(part.input ?? {}) },
            'completed',
          ),
        );
        break;
      case 'opaque':
        if (part.format === OPENAI_RESPONSES_FORMAT && typeof part.value.type === 'string')
          output.push({ ...part.value });
        break;
      case 'image':
      case 'document':
      case 'tool-result':
        break;
      default: {
        const unknown: never = part;
        throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
      }
    }
  }
  flush();
  const ending = encodeResponsesFinishReason(response.finishReason);
  return encodeResponseBody({
    id,
    model: response.model,
    createdAt: Math.floor((options.now ?? Date.now)() / 1000),
    status: ending.status,
    incompleteDetails: ending.incomplete_details,
    output,
    usage: encodeOpenAIResponsesUsage(response.usage),
  });
}
