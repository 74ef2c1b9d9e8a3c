import type { IrResponse } from '../../ir/response.js';
import type { ClientExchange } from '../protocol.js';
import { encodeFinishReason, type OpenAIChatFinishReason } from './map-finish-reason.js';
import { encodeOpenAIChatUsage, type OpenAIChatUsageBody } from './map-usage.js';

/** A function tool call of an answer. */
export interface OpenAIChatToolCallBody {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** `object: "chat.completion"` as sent to clients (reference: "The chat completion object"). */
export interface OpenAIChatCompletionBody {
  id: string;
  object: 'chat.completion';
  /** Unix time, seconds. */
  created: number;
  model: string;
  choices: [
    {
      index: 0;
      message: {
        role: 'assistant';
        content: string | null;
        refusal: null;
        tool_calls?: OpenAIChatToolCallBody[];
        reasoning_content?: string;
      };
      logprobs: null;
      finish_reason: OpenAIChatFinishReason;
    },
  ];
  usage: OpenAIChatUsageBody;
}

/** Options of the response encoder. */
export interface EncodeResponseOptions {
  /** Current time, ms since epoch (for `created`). */
  readonly now?: (() => number) | undefined;
}

/**
 * An OpenAI-style id: `chatcmpl-<id>` (kept as is when it already has the prefix).
 * @param id the IR answer id
 */
export function chatCompletionId(id: string): string {
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}

/**
 * IR answer → OpenAI chat completion for the client.
 * - text parts → `message.content`, concatenated (`null` when there is none);
 * - reasoning parts → `message.reasoning_content` (DeepSeek's field, the one OpenAI-format clients
 *   and SDK-based tools read most; joined by a blank line; empty ones, such as a signature carrier, skipped); signatures and redacted reasoning are
 *   not sent (OpenAI clients have no use for them);
 * - tool-use parts → `message.tool_calls` (`arguments` = the input as JSON);
 * - images, documents and opaque blocks have no place in an OpenAI answer and are left out;
 * - `finish_reason` per `map-finish-reason.ts`; `usage` per `map-usage.ts`;
 * - `model` is the model that answered, as the upstream named it (as OpenAI does).
 * Source: OpenAI API reference, "The chat completion object".
 */
export function encodeOpenAIChatResponse(
  response: IrResponse,
  _client: ClientExchange,
  options: EncodeResponseOptions = {},
): OpenAIChatCompletionBody {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIChatToolCallBody[] = [];
  for (const part of response.content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'reasoning' && part.text !== '') reasoning.push(part.text);
    else if (part.type === 'tool-use') {
      toolCalls.push({
        id: part.id,
        type: 'function',
        function: { name: part.name, arguments: JSON.stringify(part.input ?? {}) },
      });
    }
  }
  const message: OpenAIChatCompletionBody['choices'][0]['message'] = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : null,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  return {
    id: chatCompletionId(response.id),
    object: 'chat.completion',
    created: Math.floor((options.now ?? Date.now)() / 1000),
    model: response.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: encodeFinishReason(response.finishReason) },
    ],
    usage: encodeOpenAIChatUsage(response.usage),
  };
}
