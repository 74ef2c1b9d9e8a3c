import type { IrMessage } from '../../ir/message.js';
import type { IrPart, IrTextPart, IrToolResultPart } from '../../ir/part.js';
import type { IrRequest } from '../../ir/request.js';
import type { ResponsesItemBody } from './encode-assistant.js';
import { encodeAssistantItems } from './encode-assistant.js';
import type { ResponsesContentBody } from './encode-content.js';
import { encodeInputPart, isContentPartType, warnCacheControl } from './encode-content.js';
import type { ResponsesEncodeContext } from './encode-context.js';
import { TEXT_PART_SEPARATOR } from './encode-context.js';
import { partKey } from './read-layout.js';
import type { OpenAIResponsesPartLayout, WireFields } from './wire.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** `instructions` and `input` of an upstream body. */
export interface EncodedResponsesInput {
  instructions?: string;
  input: ResponsesItemBody[] | string;
}

/**
 * IR system prompt and messages → `instructions` and `input` items, in order.
 * - `system` → `instructions` (parts joined by a blank line; their cache hints dropped with a
 *   warning), or back into the client's `instructions` and leading `system` / `developer` items
 *   when the layout matches.
 * - IR `system` messages stay in place as `system` / `developer` (flagged) message items.
 * - user messages: tool results → `function_call_output` items (`is_error` → an `Error: ` prefix,
 *   with a warning: Responses has no error flag), other parts → a `user` message item
 *   (`encodeInputPart`), opaque `openai-responses` items verbatim, all in order.
 * - assistant messages → `encodeAssistantItems`.
 * - the layout's extra item fields and string contents are put back; `input` is a string again
 *   when the client sent one.
 * Source: OpenAI API reference, "Create a model response" (`instructions`, `input`).
 */
export function encodeOpenAIResponsesInput(
  request: IrRequest,
  context: ResponsesEncodeContext,
): EncodedResponsesInput {
  const { instructions, items } = encodeSystem(request.system, context);
  request.messages.forEach((message, index) => {
    if (message.role === 'assistant') items.push(...encodeAssistantItems(message, index, context));
    else items.push(...encodeUserOrSystem(message, index, context));
  });
  const only = items[0];
  const input =
    context.layout.stringInput === true &&
    items.length === 1 &&
    typeof only?.content === 'string' &&
    only.role === 'user'
      ? only.content
      : items;
  return instructions === undefined ? { input } : { instructions, input };
}

function encodeSystem(
  system: readonly IrTextPart[],
  context: ResponsesEncodeContext,
): { instructions: string | undefined; items: ResponsesItemBody[] } {
  const items: ResponsesItemBody[] = [];
  if (system.length === 0) return { instructions: undefined, items };
  const sources = context.layout.system;
  const counts = sources?.map((source) => (source.kind === 'instructions' ? 1 : source.parts));
  if (sources !== undefined && counts?.reduce((sum, count) => sum + count, 0) === system.length) {
    let instructions: string | undefined;
    let offset = 0;
    for (const source of sources) {
      if (source.kind === 'instructions') {
        const part = system[offset++];
        if (part?.cacheControl !== undefined) warnCacheControl(context);
        instructions = part?.text;
        continue;
      }
      const parts = system.slice(offset, (offset += source.parts));
      items.push({
        type: 'message',
        role: source.role,
        content: messageContent(parts, source.stringContent === true, context),
        ...source.fields,
      });
    }
    return { instructions, items };
  }
  if (system.some((part) => part.cacheControl !== undefined)) warnCacheControl(context);
  return { instructions: system.map((part) => part.text).join(TEXT_PART_SEPARATOR), items };
}

function encodeUserOrSystem(
  message: IrMessage,
  index: number,
  context: ResponsesEncodeContext,
): ResponsesItemBody[] {
  const messageLayout = context.layout.messages?.[String(index)];
  const layout = messageLayout?.role === message.role ? messageLayout : undefined;
  const role = message.role === 'user' ? 'user' : message.developer === true ? 'developer' : 'system';
  const items: ResponsesItemBody[] = [];
  let pending: (readonly [IrPart, WireFields | undefined])[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const content: ResponsesContentBody[] = [];
    for (const [part, extras] of pending) {
      const body = encodeInputPart(part, context, extras);
      if (body !== undefined) content.push(body);
    }
    const texts = pending.map(([part]) => part);
    const asString = layout?.stringContent === true && texts.length === 1 && texts[0]?.type === 'text';
    items.push({
      type: 'message',
      role,
      content: asString ? (texts[0] as IrTextPart).text : content,
      ...layout?.fields,
    });
    pending = [];
  };
  message.content.forEach((part, partIndex) => {
    const entry = context.layout.parts?.[partKey(index, partIndex)];
    const partLayout = entry?.type === part.type ? entry : undefined;
    if (part.type === 'tool-result') {
      flush();
      items.push(encodeToolResult(part, partLayout, context));
    } else if (
      part.type === 'opaque' &&
      part.format === OPENAI_RESPONSES_FORMAT &&
      !isContentPartType(part.value.type)
    ) {
      flush();
      items.push({ ...part.value });
    } else pending.push([part, partLayout?.part]);
  });
  flush();
  if (message.content.length === 0) {
    items.push({
      type: 'message',
      role,
      content: layout?.stringContent === true ? '' : [],
      ...layout?.fields,
    });
  }
  return items;
}

function messageContent(
  parts: readonly IrTextPart[],
  stringContent: boolean,
  context: ResponsesEncodeContext,
): string | ResponsesContentBody[] {
  const only = parts[0];
  if (stringContent && parts.length === 1 && only !== undefined && only.cacheControl === undefined)
    return only.text;
  return parts.flatMap((part): ResponsesContentBody[] => {
    const body = encodeInputPart(part, context);
    return body === undefined ? [] : [body];
  });
}

function encodeToolResult(
  part: IrToolResultPart,
  layout: OpenAIResponsesPartLayout | undefined,
  context: ResponsesEncodeContext,
): ResponsesItemBody {
  if (part.cacheControl !== undefined) warnCacheControl(context);
  const only = part.content[0];
  let output: string | ResponsesContentBody[];
  if (
    layout?.listOutput !== true &&
    part.content.length <= 1 &&
    (only === undefined || only.type === 'text')
  ) {
    if (only?.cacheControl !== undefined) warnCacheControl(context);
    output = only?.text ?? '';
  } else {
    output = part.content.flatMap((item, position): ResponsesContentBody[] => {
      const body = encodeInputPart(item, context, layout?.content?.[String(position)]);
      return body === undefined ? [] : [body];
    });
  }
  if (part.isError === true) {
    context.warnings.add(
      'degraded-field',
      'Tool error flags were sent as an "Error: " prefix (Responses has no is_error).',
      'tool-error',
    );
    output = prefixError(output);
  }
  return { type: 'function_call_output', call_id: part.toolUseId, output, ...layout?.item };
}

function prefixError(output: string | ResponsesContentBody[]): string | ResponsesContentBody[] {
  if (typeof output === 'string') return `Error: ${output}`;
  const [first, ...rest] = output;
  if (first?.type !== 'input_text' || typeof first.text !== 'string') {
    return [{ type: 'input_text', text: 'Error: ' }, ...output];
  }
  return [{ ...first, text: `Error: ${first.text}` }, ...rest];
}
