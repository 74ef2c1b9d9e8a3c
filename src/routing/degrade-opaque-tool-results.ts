import type { IrMessage } from '../ir/message.js';
import type { IrImagePart, IrPart, IrTextPart, IrToolResultPart } from '../ir/part.js';

/**
 * Turns Anthropic `tool_result` blocks the IR could only carry opaquely (their content holds
 * `tool_reference`, `search_result` or other blocks the IR does not model) into plain tool-result
 * parts for upstreams of other formats, so a tool call never loses its result: text stays text,
 * `tool_reference` becomes `Tool reference: <name>`, base64 images stay images, anything else is
 * its JSON as text. Source: Anthropic API reference "Tool search tool" (tool_reference blocks).
 * @returns the messages (the same array when nothing changed) and how many results were degraded
 */
export function degradeOpaqueToolResults(messages: readonly IrMessage[]): {
  messages: readonly IrMessage[];
  degraded: number;
} {
  let degraded = 0;
  const out = messages.map((message) => {
    if (!message.content.some(isOpaqueToolResult)) return message;
    const content = message.content.map((part): IrPart => {
      if (!isOpaqueToolResult(part)) return part;
      degraded += 1;
      return toToolResult(part.value);
    });
    return { ...message, content };
  });
  return { messages: degraded === 0 ? messages : out, degraded };
}

function isOpaqueToolResult(part: IrPart): part is Extract<IrPart, { type: 'opaque' }> {
  return part.type === 'opaque' && part.format === 'anthropic' && part.value.type === 'tool_result';
}

function toToolResult(block: Readonly<Record<string, unknown>>): IrToolResultPart {
  const inner = block.content;
  const content: (IrTextPart | IrImagePart)[] = [];
  if (typeof inner === 'string') content.push({ type: 'text', text: inner });
  else if (Array.isArray(inner)) {
    for (const item of inner as Record<string, unknown>[]) content.push(toPart(item));
  }
  return {
    type: 'tool-result',
    toolUseId: String(block.tool_use_id ?? ''),
    content,
    isError: block.is_error === true ? true : undefined,
  };
}

function toPart(block: Record<string, unknown>): IrTextPart | IrImagePart {
  if (block.type === 'text' && typeof block.text === 'string') return { type: 'text', text: block.text };
  if (block.type === 'tool_reference')
    return { type: 'text', text: `Tool reference: ${String(block.tool_name ?? '')}` };
  const source = block.source as { type?: unknown; media_type?: unknown; data?: unknown } | undefined;
  if (block.type === 'image' && source?.type === 'base64' && typeof source.data === 'string') {
    return {
      type: 'image',
      source: { kind: 'base64', mediaType: String(source.media_type ?? 'image/png'), data: source.data },
    };
  }
  return { type: 'text', text: JSON.stringify(block) };
}
