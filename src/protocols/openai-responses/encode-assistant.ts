import type { IrMessage } from '../../ir/message.js';
import type { IrReasoningPart } from '../../ir/part.js';
import { encodeOutputText, isContentPartType, warnDroppedOpaque } from './encode-content.js';
import type { ResponsesEncodeContext } from './encode-context.js';
import { splitReasoningText, upstreamReasoningState } from './map-reasoning-item.js';
import { partKey } from './read-layout.js';
import type { OpenAIResponsesPartLayout } from './wire.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** An input item as sent upstream. */
export type ResponsesItemBody = Record<string, unknown>;

/**
 * An IR assistant message → Responses input items, in order.
 *
 * | IR part                           | item                                                     |
 * |-----------------------------------|----------------------------------------------------------|
 * | text parts in a row               | one `message` (role `assistant`) of `output_text` parts (a new item where the layout says one began; `refusal` restored) |
 * | reasoning signed by the upstream  | `reasoning` with its `id`, `encrypted_content` and `summary` (split as the client sent it) |
 * | other reasoning, unsigned reasoning, or without `encrypted_content` | dropped (one warning with the count): with `store: false` OpenAI can only continue reasoning it gets back encrypted |
 * | redacted reasoning                | dropped + warning                                        |
 * | tool-use                          | `function_call` {`call_id`: id, `name` (shortened if need be), `arguments`: the input as JSON} |
 * | opaque `openai-responses` item    | verbatim                                                 |
 * | images, documents, other opaque blocks, tool results | dropped + warning                      |
 *
 * The layout's extra item fields (`id`, `status`, `phase`) are put back.
 * Source: OpenAI API reference, "Create a model response" (`input` item types); "Reasoning"
 * guide ("Encrypted reasoning items").
 * @param index the IR message's index (layout key)
 */
export function encodeAssistantItems(
  message: IrMessage,
  index: number,
  context: ResponsesEncodeContext,
): ResponsesItemBody[] {
  const items: ResponsesItemBody[] = [];
  let open:
    { item: ResponsesItemBody; content: Record<string, unknown>[]; stringContent: boolean } | undefined;
  const close = (): void => {
    if (open === undefined) return;
    const only = open.content[0];
    open.item.content =
      open.stringContent && open.content.length === 1 && only?.type === 'output_text'
        ? only.text
        : open.content;
    open = undefined;
  };
  message.content.forEach((part, partIndex) => {
    const entry = context.layout.parts?.[partKey(index, partIndex)];
    const layout = entry?.type === part.type ? entry : undefined;
    switch (part.type) {
      case 'text': {
        if (open === undefined || layout?.first === true) {
          close();
          const item: ResponsesItemBody = { type: 'message', role: 'assistant', ...layout?.item };
          open = { item, content: [], stringContent: layout?.stringContent === true };
          items.push(item);
        }
        open.content.push(encodeOutputText(part, context, layout?.refusal === true, layout?.part));
        return;
      }
      case 'reasoning': {
        close();
        const item = encodeReasoning(part, layout, context);
        if (item !== undefined) items.push(item);
        return;
      }
      case 'redacted-reasoning':
        close();
        context.warnings.add(
          'dropped-block',
          'Redacted reasoning has no OpenAI Responses form and was dropped.',
          'redacted-reasoning',
        );
        return;
      case 'tool-use':
        close();
        items.push({
          type: 'function_call',
          call_id: part.id,
          name: context.names.toUpstream(part.name),
          arguments: JSON.stringify(part.input ?? {}),
          ...layout?.item,
        });
        return;
      case 'opaque':
        if (part.format !== OPENAI_RESPONSES_FORMAT) {
          warnDroppedOpaque(part, context);
          return;
        }
        if (isContentPartType(part.value.type) && open !== undefined) {
          open.content.push({ ...part.value });
          return;
        }
        close();
        items.push({ ...part.value });
        return;
      case 'image':
      case 'document':
      case 'tool-result':
        context.warnings.add(
          'dropped-block',
          'Images, documents and tool results in assistant messages were dropped.',
          'assistant-media',
        );
        return;
      default: {
        const unknown: never = part;
        throw new Error(`Unknown part ${JSON.stringify(unknown)}`);
      }
    }
  });
  close();
  return items;
}

function encodeReasoning(
  part: IrReasoningPart,
  layout: OpenAIResponsesPartLayout | undefined,
  context: ResponsesEncodeContext,
): ResponsesItemBody | undefined {
  const state = upstreamReasoningState(part.signature, context.target.providerId);
  if (state?.encryptedContent === undefined) {
    context.warnings.add(
      'dropped-reasoning',
      `Reasoning not made by '${context.target.providerId}' (or without encrypted content) was not sent back.`,
    );
    return undefined;
  }
  const texts = splitReasoningText(part.text, layout?.summary);
  const fromContent = layout?.reasoningContent === true;
  return {
    type: 'reasoning',
    ...(state.id === undefined ? {} : { id: state.id }),
    summary: fromContent ? [] : texts.map((text) => ({ type: 'summary_text', text })),
    ...(fromContent ? { content: texts.map((text) => ({ type: 'reasoning_text', text })) } : {}),
    encrypted_content: state.encryptedContent,
    ...layout?.item,
  };
}
