import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrMessage } from '../../ir/message.js';
import type { IrPart, IrTextPart } from '../../ir/part.js';
import type { WarningCollector } from '../openai-chat/collect-warnings.js';
import type { DecodedItemPart } from './decode-item.js';
import {
  decodeAssistantMessage,
  decodeFunctionCallItem,
  decodeFunctionCallOutputItem,
  decodeMessageContent,
  decodeReasoningItem,
} from './decode-item.js';
import { parseRequestValue } from './parse-request-value.js';
import { extraFields, partKey } from './read-layout.js';
import type {
  OpenAIResponsesLayout,
  OpenAIResponsesMessageItem,
  OpenAIResponsesMessageLayout,
  OpenAIResponsesPartLayout,
  OpenAIResponsesSystemSource,
} from './wire.js';
import { OPENAI_RESPONSES_FORMAT, openAIResponsesMessageItemSchema } from './wire.js';

const MAPPED_MESSAGE_FIELDS: ReadonlySet<string> = new Set(['type', 'role', 'content']);

/** Why an `item_reference` item is refused. */
export const ITEM_REFERENCE_NOT_SUPPORTED =
  'item_reference is not supported: Switchboard does not store responses; send the referenced items themselves (with store: false).';

/** Instructions and input mapped to the IR, with what an exact re-encoding needs. */
export interface DecodedOpenAIResponsesInput {
  readonly system: IrTextPart[];
  readonly messages: IrMessage[];
  readonly layout: Pick<OpenAIResponsesLayout, 'system' | 'messages' | 'parts' | 'stringInput'>;
}

/**
 * `instructions` and `input` → IR system prompt and messages.
 * - `instructions` and the leading `system` / `developer` message items whose content is all text
 *   → `IrRequest.system` (where each part came from is kept in the layout); later ones stay in
 *   place as IR `system` messages (`developer: true` kept).
 * - `input` as a string → one user message.
 * - a `user` message item → an IR user message.
 * - assistant-side items in a row — `reasoning`, assistant `message`, `function_call`, and item
 *   types the IR does not model (`web_search_call`, `custom_tool_call`, …, carried as opaque
 *   parts of format `openai-responses`) — → one IR assistant message, in order.
 * - `function_call_output` items in a row (and unmodelled `*_output` items) → one IR user
 *   message of tool-result (opaque) parts.
 * - `item_reference` items are refused (nothing is stored to refer to).
 * Items are decoded by `decode-item.ts`; wire fields the IR does not hold go to the layout.
 * Source: OpenAI API reference, "Create a model response" (`instructions`, `input`).
 * @throws InvalidRequestError naming the offending item, or for an `item_reference`
 */
export function decodeOpenAIResponsesInput(
  input: string | readonly Record<string, unknown>[],
  instructions: string | null | undefined,
  warnings: WarningCollector,
): DecodedOpenAIResponsesInput {
  const builder = new MessageBuilder();
  const system: IrTextPart[] = [];
  const sources: OpenAIResponsesSystemSource[] = [];
  if (instructions != null && instructions !== '') {
    system.push({ type: 'text', text: instructions });
    sources.push({ kind: 'instructions' });
  }
  if (typeof input === 'string') {
    builder.message(
      { role: 'user', content: [{ type: 'text', text: input }] },
      { role: 'user', stringContent: true },
    );
    return { system, messages: builder.messages, layout: { ...builder.layout(sources), stringInput: true } };
  }

  let position = 0;
  for (; position < input.length; position++) {
    const item = input[position];
    if (item === undefined || !isMessage(item) || (item.role !== 'system' && item.role !== 'developer'))
      break;
    const message = parseRequestValue(openAIResponsesMessageItemSchema, item, `input[${position}]`);
    const parts = decodeMessageContent(message.content, `input[${position}]`);
    if (!parts.every((decoded) => decoded.part.type === 'text' && decoded.layout === undefined)) break;
    for (const decoded of parts) if (decoded.part.type === 'text') system.push(decoded.part);
    sources.push({
      kind: 'item',
      role: message.role === 'developer' ? 'developer' : 'system',
      parts: parts.length,
      fields: extraFields(message, MAPPED_MESSAGE_FIELDS),
      stringContent: typeof message.content === 'string' ? true : undefined,
    });
  }

  for (; position < input.length; position++) {
    const item = input[position];
    if (item === undefined) continue;
    const path = `input[${position}]`;
    if (isMessage(item)) {
      decodeMessageItem(parseRequestValue(openAIResponsesMessageItemSchema, item, path), path, builder);
      continue;
    }
    const type = item.type;
    if (typeof type !== 'string' || type === '') {
      throw new InvalidRequestError(`Invalid Responses request: ${path}: needs a type or a role.`);
    }
    switch (type) {
      case 'function_call':
        builder.assistant([decodeFunctionCallItem(item, path, warnings)]);
        break;
      case 'reasoning':
        builder.assistant([decodeReasoningItem(item, path)]);
        break;
      case 'function_call_output':
        builder.toolOutput(decodeFunctionCallOutputItem(item, path, warnings));
        break;
      case 'item_reference':
        throw new InvalidRequestError(`Invalid Responses request: ${path}: ${ITEM_REFERENCE_NOT_SUPPORTED}`);
      default: {
        const part: IrPart = { type: 'opaque', format: OPENAI_RESPONSES_FORMAT, value: item };
        if (type.endsWith('_output')) builder.toolOutput({ part });
        else builder.assistant([{ part }]);
      }
    }
  }
  return { system, messages: builder.messages, layout: builder.layout(sources) };
}

function isMessage(item: Record<string, unknown>): boolean {
  return item.type === 'message' || (item.type === undefined && 'role' in item);
}

function decodeMessageItem(message: OpenAIResponsesMessageItem, path: string, builder: MessageBuilder): void {
  if (message.role === 'assistant') {
    builder.assistant(decodeAssistantMessage(message, path));
    return;
  }
  const parts = decodeMessageContent(message.content, path);
  const role = message.role === 'user' ? 'user' : 'system';
  builder.message(
    {
      role,
      content: parts.map((decoded) => decoded.part),
      ...(message.role === 'developer' ? { developer: true } : {}),
    },
    {
      role,
      fields: extraFields(message, MAPPED_MESSAGE_FIELDS),
      stringContent: typeof message.content === 'string' ? true : undefined,
    },
    parts,
  );
}

/** Groups decoded items into IR messages and collects their layout entries. */
class MessageBuilder {
  readonly messages: IrMessage[] = [];
  private readonly messageLayouts: Record<string, OpenAIResponsesMessageLayout> = {};
  private readonly partLayouts: Record<string, OpenAIResponsesPartLayout> = {};
  private open: { kind: 'assistant' | 'tools'; content: IrPart[]; index: number } | undefined;

  /** A message item of its own (user, system, developer). */
  message(
    message: IrMessage,
    layout: OpenAIResponsesMessageLayout,
    parts: readonly DecodedItemPart[] = [],
  ): void {
    this.open = undefined;
    const index = this.messages.length;
    this.messages.push(message);
    if (layout.fields !== undefined || layout.stringContent !== undefined)
      this.messageLayouts[String(index)] = layout;
    parts.forEach((decoded, partIndex) => this.record(index, partIndex, decoded));
  }

  /** Parts of the assistant turn under way (started if need be). */
  assistant(parts: readonly DecodedItemPart[]): void {
    for (const decoded of parts) this.append('assistant', decoded);
  }

  /** A tool output of the tool-result message under way (started if need be). */
  toolOutput(decoded: DecodedItemPart): void {
    this.append('tools', decoded);
  }

  layout(
    sources: OpenAIResponsesSystemSource[],
  ): Pick<OpenAIResponsesLayout, 'system' | 'messages' | 'parts'> {
    return {
      ...(sources.length > 0 ? { system: sources } : {}),
      ...(Object.keys(this.messageLayouts).length > 0 ? { messages: this.messageLayouts } : {}),
      ...(Object.keys(this.partLayouts).length > 0 ? { parts: this.partLayouts } : {}),
    };
  }

  private append(kind: 'assistant' | 'tools', decoded: DecodedItemPart): void {
    if (this.open?.kind !== kind) {
      const content: IrPart[] = [];
      this.open = { kind, content, index: this.messages.length };
      this.messages.push({ role: kind === 'assistant' ? 'assistant' : 'user', content });
    }
    this.record(this.open.index, this.open.content.length, decoded);
    this.open.content.push(decoded.part);
  }

  private record(messageIndex: number, partIndex: number, decoded: DecodedItemPart): void {
    if (decoded.layout !== undefined) this.partLayouts[partKey(messageIndex, partIndex)] = decoded.layout;
  }
}
