import { randomUUID } from 'node:crypto';
import type { IrPart } from '../../ir/part.js';
import type { IrResponse } from '../../ir/response.js';
import { EMPTY_IR_USAGE } from '../../ir/usage.js';
import type { IrWarning } from '../../ir/warning.js';
import type { UpstreamExchange } from '../protocol.js';
import { WarningCollector } from './collect-warnings.js';
import { decodeUnexpectedAnswer } from './decode-upstream-error.js';
import { argumentsText, finalizeToolCall, mergeToolName } from './finalize-tool-call.js';
import { decodeFinishReason } from './map-finish-reason.js';
import { decodeOpenAIChatUsage } from './map-usage.js';
import { splitThinkTags } from './split-think-tags.js';
import { openAIChatResponseSchema } from './wire-upstream.js';

/** Options of the response decoder. */
export interface DecodeResponseOptions {
  /** Receives what was repaired or lost (the Protocol interface has no warning channel here). */
  readonly onWarning?: ((warning: IrWarning) => void) | undefined;
}

/**
 * Upstream chat completion (`object: "chat.completion"`) → IR answer. Only `choices[0]` is read.
 * Content order: reasoning (`reasoning_content`, else `reasoning`, else a leading
 * `<think>…</think>` of `content`), text, then tool calls (`finalizeToolCall`: missing ids
 * generated, arguments repaired, nameless or unreadable calls passed on as text, shortened names
 * mapped back). A `refusal` becomes text. Finish reason per `map-finish-reason.ts`, usage per
 * `map-usage.ts`. Reasoning from OpenAI-format upstreams carries no signature.
 * Source: OpenAI API reference, "The chat completion object"; provider fields as in `wire-upstream.ts`.
 * @throws GatewayError (502) when the body is an error envelope or not a chat completion
 */
export function decodeOpenAIChatResponse(
  body: unknown,
  exchange: UpstreamExchange,
  options: DecodeResponseOptions = {},
): IrResponse {
  const parsed = openAIChatResponseSchema.safeParse(body);
  const choice = parsed.success ? parsed.data.choices[0] : undefined;
  if (!parsed.success || choice === undefined) {
    throw decodeUnexpectedAnswer(body, exchange.providerId, 'a chat completion');
  }
  const answer = parsed.data;
  const warnings = new WarningCollector();
  const message = choice.message;
  const content: IrPart[] = [];

  const reasoning = firstText(message.reasoning_content, message.reasoning);
  if (reasoning !== undefined) content.push({ type: 'reasoning', text: reasoning });
  for (const segment of splitThinkTags(contentText(message.content))) {
    content.push(
      segment.kind === 'reasoning'
        ? { type: 'reasoning', text: segment.text }
        : { type: 'text', text: segment.text },
    );
  }
  const refusal = firstText(message.refusal);
  if (refusal !== undefined) content.push({ type: 'text', text: refusal });

  const id = answer.id ?? `chatcmpl-${randomUUID()}`;
  let toolCalls = 0;
  (message.tool_calls ?? []).forEach((call, position) => {
    const finalized = finalizeToolCall(
      {
        position: call.index ?? position,
        id: call.id ?? undefined,
        name: mergeToolName('', call.function?.name),
        arguments: argumentsText(call.function?.arguments),
      },
      exchange,
      id,
      (code, text, kind) => warnings.add(code, text, kind),
    );
    if (finalized.kind === 'tool') {
      toolCalls += 1;
      content.push({ type: 'tool-use', id: finalized.id, name: finalized.name, input: finalized.input });
    } else if (finalized.kind === 'text') content.push({ type: 'text', text: finalized.text });
  });
  if (answer.choices.length > 1)
    warnings.add('dropped-block', 'Choices after the first were ignored.', 'choices');

  const matchedStop = typeof choice.stop_reason === 'string' ? choice.stop_reason : undefined;
  const finishReason = decodeFinishReason(choice.finish_reason ?? undefined, {
    hasToolCalls: toolCalls > 0,
    matchedStop,
    refused: refusal !== undefined,
  });
  for (const warning of warnings.list()) options.onWarning?.(warning);
  return {
    id,
    model: answer.model ?? exchange.model,
    content,
    finishReason,
    ...(finishReason === 'stop-sequence' ? { stopSequence: matchedStop } : {}),
    usage: answer.usage == null ? EMPTY_IR_USAGE : decodeOpenAIChatUsage(answer.usage),
    extensions: {},
  };
}

function firstText(...values: (string | null | undefined)[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function contentText(
  content:
    | string
    | readonly { type?: string | null | undefined; text?: string | null | undefined }[]
    | null
    | undefined,
): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}
