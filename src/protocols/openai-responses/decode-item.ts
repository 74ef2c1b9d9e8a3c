import type { IrDocumentPart, IrImagePart, IrPart, IrTextPart } from '../../ir/part.js';
import type { WarningCollector } from '../openai-chat/collect-warnings.js';
import { parseToolArguments } from '../openai-chat/parse-tool-arguments.js';
import { decodeContentPart } from './decode-content.js';
import { decodeClientReasoning, joinReasoningTexts } from './map-reasoning-item.js';
import { parseRequestValue } from './parse-request-value.js';
import { extraFields } from './read-layout.js';
import type { OpenAIResponsesMessageItem, OpenAIResponsesPartLayout, WireFields } from './wire.js';
import {
  openAIResponsesFunctionCallItemSchema,
  openAIResponsesFunctionCallOutputItemSchema,
  openAIResponsesReasoningItemSchema,
} from './wire.js';

/** An IR part decoded from an item or content part, with its layout entry (if it needs one). */
export interface DecodedItemPart {
  readonly part: IrPart;
  readonly layout?: OpenAIResponsesPartLayout | undefined;
}

const MAPPED = {
  message: new Set(['type', 'role', 'content']),
  functionCall: new Set(['type', 'call_id', 'name', 'arguments']),
  functionCallOutput: new Set(['type', 'call_id', 'output']),
  reasoning: new Set(['type', 'id', 'summary', 'content', 'encrypted_content']),
} as const;

/**
 * A message's `content` → IR parts (a string → one text part), each with a layout entry when the
 * wire part had fields the IR does not hold.
 * @param path where the message sits (`input[2]`)
 */
export function decodeMessageContent(
  content: OpenAIResponsesMessageItem['content'],
  path: string,
): DecodedItemPart[] {
  if (typeof content === 'string') return [{ part: { type: 'text', text: content } }];
  return content.map((value, index) => {
    const decoded = decodeContentPart(value, `${path}.content[${index}]`);
    const layout =
      decoded.extras === undefined && decoded.refusal === undefined
        ? undefined
        : { type: decoded.part.type, part: decoded.extras, refusal: decoded.refusal };
    return { part: decoded.part, layout };
  });
}

/**
 * An assistant `message` item → IR parts; the first part's layout marks the item's start and
 * holds its extra fields (`id`, `status`, `phase`) and whether `content` was a string.
 */
export function decodeAssistantMessage(message: OpenAIResponsesMessageItem, path: string): DecodedItemPart[] {
  const parts = decodeMessageContent(message.content, path);
  const first = parts[0];
  if (first === undefined) return [];
  const fields = extraFields(message, MAPPED.message);
  parts[0] = {
    part: first.part,
    layout: {
      ...first.layout,
      type: first.part.type,
      first: true,
      item: fields,
      stringContent: typeof message.content === 'string' ? true : undefined,
    },
  };
  return parts;
}

/**
 * A `function_call` item → IR tool-use (`id` = `call_id`). `arguments` are read by
 * `parseToolArguments` (repaired with a warning; `{}` with a warning when nothing unambiguous can
 * be made of them). The item's `id`, `status`, … go to the layout.
 */
export function decodeFunctionCallItem(
  value: unknown,
  path: string,
  warnings: WarningCollector,
): DecodedItemPart {
  const item = parseRequestValue(openAIResponsesFunctionCallItemSchema, value, path);
  const parsed = parseToolArguments(item.arguments);
  if (parsed.kind === 'repaired') {
    warnings.add('repaired-tool-arguments', 'Tool call arguments that were not valid JSON were repaired.');
  } else if (parsed.kind === 'invalid') {
    warnings.add(
      'unparsable-tool-arguments',
      'Tool call arguments that are not a JSON object were replaced by {}.',
    );
  }
  const fields = extraFields(item, MAPPED.functionCall);
  return {
    part: {
      type: 'tool-use',
      id: item.call_id,
      name: item.name,
      input: parsed.kind === 'invalid' ? {} : parsed.input,
    },
    layout: fields === undefined ? undefined : { type: 'tool-use', item: fields },
  };
}

/**
 * A `function_call_output` item → IR tool-result (`toolUseId` = `call_id`): a string output →
 * one text part; a list → text / image / document parts (other part types become their JSON as
 * text, with a warning: tool results hold only those three).
 */
export function decodeFunctionCallOutputItem(
  value: unknown,
  path: string,
  warnings: WarningCollector,
): DecodedItemPart {
  const item = parseRequestValue(openAIResponsesFunctionCallOutputItemSchema, value, path);
  const content: (IrTextPart | IrImagePart | IrDocumentPart)[] = [];
  const extras: Record<string, WireFields> = {};
  if (typeof item.output === 'string') content.push({ type: 'text', text: item.output });
  else {
    item.output.forEach((entry, index) => {
      const decoded = decodeContentPart(entry, `${path}.output[${index}]`);
      const part = decoded.part;
      if (part.type === 'text' || part.type === 'image' || part.type === 'document') content.push(part);
      else {
        warnings.add(
          'degraded-block',
          'Tool output parts other than text, images and files were sent as JSON text.',
        );
        content.push({ type: 'text', text: JSON.stringify(entry) });
      }
      if (decoded.extras !== undefined) extras[String(content.length - 1)] = decoded.extras;
    });
  }
  const fields = extraFields(item, MAPPED.functionCallOutput);
  const listOutput = Array.isArray(item.output) ? true : undefined;
  const hasExtras = Object.keys(extras).length > 0;
  return {
    part: { type: 'tool-result', toolUseId: item.call_id, content },
    layout:
      fields === undefined && listOutput === undefined && !hasExtras
        ? undefined
        : { type: 'tool-result', item: fields, listOutput, content: hasExtras ? extras : undefined },
  };
}

/**
 * A `reasoning` item → IR reasoning: text = the summary texts joined by a blank line (the
 * `reasoning_text` content when there is no summary); `id` and `encrypted_content` → the
 * signature (`map-reasoning-item.ts`), or redacted reasoning for a `sbr1.` tag. The summary's
 * split and other item fields (`status`) go to the layout.
 */
export function decodeReasoningItem(value: unknown, path: string): DecodedItemPart {
  const item = parseRequestValue(openAIResponsesReasoningItemSchema, value, path);
  const fields = extraFields(item, MAPPED.reasoning);
  const client = decodeClientReasoning(item.id, item.encrypted_content);
  if (client.kind === 'redacted') {
    return {
      part: { type: 'redacted-reasoning', data: client.data, provider: client.provider },
      layout: fields === undefined ? undefined : { type: 'redacted-reasoning', item: fields },
    };
  }
  const summary = (item.summary ?? []).map((part) => part.text);
  const fromContent = summary.length === 0 && (item.content ?? []).length > 0;
  const { text, lengths } = joinReasoningTexts(
    fromContent ? (item.content ?? []).map((part) => part.text) : summary,
  );
  return {
    part:
      client.kind === 'signed'
        ? { type: 'reasoning', text, signature: client.signature }
        : { type: 'reasoning', text },
    layout: compactLayout({
      type: 'reasoning',
      item: fields,
      summary: lengths.length > 1 || (lengths.length === 1 && text === '') ? lengths : undefined,
      reasoningContent: fromContent ? true : undefined,
    }),
  };
}

/** The layout entry, or `undefined` when it records nothing but the part type. */
function compactLayout(layout: OpenAIResponsesPartLayout): OpenAIResponsesPartLayout | undefined {
  return Object.entries(layout).some(([key, value]) => key !== 'type' && value !== undefined)
    ? layout
    : undefined;
}
