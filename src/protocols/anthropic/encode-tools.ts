import type { IrFunctionTool, IrTool, IrToolChoice } from '../../ir/tool.js';
import type { IrWarning } from '../../ir/warning.js';
import type { AnthropicLayoutView } from './anthropic-layout.js';
import { cacheControlField } from './encode-media-block.js';
import { joinRest, type JsonObject } from './json-value.js';

/**
 * Encodes tool definitions: function tools as custom tools (`name`, `description`,
 * `input_schema`, `cache_control`, `defer_loading`, `strict`, then the fields the layout kept),
 * provider tools of format `anthropic` verbatim. Provider tools of other formats are dropped with
 * a `dropped-tool` warning.
 * Source: Anthropic API reference, "Messages" (`tools`).
 */
export function encodeAnthropicTools(
  tools: readonly IrTool[],
  layout: AnthropicLayoutView,
  warnings: IrWarning[],
): JsonObject[] {
  const encoded: JsonObject[] = [];
  for (const tool of tools) {
    if (tool.type === 'function') {
      encoded.push(encodeFunctionTool(tool, layout.toolExtras(tool.name)));
    } else if (tool.format === 'anthropic') {
      encoded.push({ ...tool.value });
    } else {
      warnings.push({
        code: 'dropped-tool',
        message: `Dropped the '${tool.format}' provider tool '${tool.name}': the Anthropic format has no such tool.`,
      });
    }
  }
  return encoded;
}

function encodeFunctionTool(tool: IrFunctionTool, extras: JsonObject): JsonObject {
  return {
    ...('type' in extras ? { type: extras.type } : {}),
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.inputSchema,
    ...cacheControlField(tool.cacheControl),
    ...(tool.deferLoading === undefined ? {} : { defer_loading: tool.deferLoading }),
    ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    ...extras,
  };
}

/**
 * Encodes `tool_choice` from the IR, joined with the fields the decoder kept aside (`rest`); the
 * kept value alone when the IR holds no choice.
 * Source: Anthropic API reference, "Messages" (`tool_choice`).
 * @returns the wire value, or `undefined` to leave the field out
 */
export function encodeAnthropicToolChoice(choice: IrToolChoice | undefined, rest: unknown): unknown {
  if (choice === undefined) return rest;
  const parallel =
    choice.type !== 'none' && choice.disableParallelToolUse !== undefined
      ? { disable_parallel_tool_use: choice.disableParallelToolUse }
      : {};
  const mapped: JsonObject =
    choice.type === 'tool'
      ? { type: 'tool', name: choice.name, ...parallel }
      : { type: choice.type, ...parallel };
  return joinRest(mapped, rest);
}
