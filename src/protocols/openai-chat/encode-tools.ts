import type { IrRequest } from '../../ir/request.js';
import type { IrToolChoice } from '../../ir/tool.js';
import type { EncodeContext } from './encode-context.js';
import { OPENAI_CHAT_FORMAT } from './wire.js';

/** `tools`, `tool_choice` and `parallel_tool_calls` of an upstream body (absent keys omitted). */
export interface EncodedTools {
  tools?: Record<string, unknown>[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
}

/**
 * IR tools and tool choice → OpenAI.
 *
 * | IR                                 | OpenAI                                                  |
 * |------------------------------------|---------------------------------------------------------|
 * | function tool                      | `{type: "function", function: {name, description, parameters, strict}}` |
 * | function tool with `deferLoading`  | a plain function tool + warning                         |
 * | `cacheControl` on a tool           | dropped + warning                                       |
 * | provider tool of `openai-chat`     | verbatim (custom tools)                                 |
 * | other provider tools (web search…) | dropped + warning (one per kind)                        |
 * | choice `auto` / `any` / `none`     | `auto` / `required` / `none`                            |
 * | choice `tool`                      | `{type: "function", function: {name}}`                  |
 * | `disableParallelToolUse` true/false| `parallel_tool_calls` false/true                        |
 *
 * With no tool left, neither `tool_choice` nor `parallel_tool_calls` is sent (OpenAI rejects them
 * without `tools`). A choice naming a dropped tool becomes `required`, with a warning.
 * Source: OpenAI API reference, "Create chat completion" (`tools`, `tool_choice`, `parallel_tool_calls`).
 */
export function encodeTools(request: IrRequest, context: EncodeContext): EncodedTools {
  const tools: Record<string, unknown>[] = [];
  const functionNames = new Set<string>();
  for (const tool of request.tools) {
    if (tool.type === 'provider') {
      if (tool.format === OPENAI_CHAT_FORMAT) tools.push({ ...tool.value });
      else {
        const kind = typeof tool.value.type === 'string' ? tool.value.type : tool.name;
        context.warnings.add(
          'dropped-tool',
          `${tool.format} server tool '${kind}' has no OpenAI Chat equivalent and was dropped.`,
          `dropped-tool:${kind}`,
        );
      }
      continue;
    }
    if (tool.deferLoading === true) {
      context.warnings.add(
        'degraded-tool',
        'Deferred-loading tools were sent as plain tools.',
        'defer-loading',
      );
    }
    if (tool.cacheControl !== undefined) {
      context.warnings.add(
        'dropped-cache-control',
        'cache_control hints were dropped (this upstream caches on its own).',
      );
    }
    functionNames.add(tool.name);
    tools.push({
      type: 'function',
      function: {
        name: context.names.toUpstream(tool.name),
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.inputSchema,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    });
  }
  if (tools.length === 0) {
    if (
      request.toolChoice !== undefined &&
      request.toolChoice.type !== 'none' &&
      request.toolChoice.type !== 'auto'
    ) {
      context.warnings.add(
        'dropped-field',
        'tool_choice was dropped: no tool is left to choose.',
        'tool-choice',
      );
    }
    return {};
  }
  return { tools, ...encodeToolChoice(request.toolChoice, functionNames, context) };
}

function encodeToolChoice(
  choice: IrToolChoice | undefined,
  functionNames: ReadonlySet<string>,
  context: EncodeContext,
): Pick<EncodedTools, 'tool_choice' | 'parallel_tool_calls'> {
  if (choice === undefined) return {};
  const parallel =
    choice.type === 'none' || choice.disableParallelToolUse === undefined
      ? {}
      : { parallel_tool_calls: !choice.disableParallelToolUse };
  if (context.layout.toolChoice !== undefined) return { tool_choice: context.layout.toolChoice, ...parallel };
  switch (choice.type) {
    case 'none':
      return { tool_choice: 'none' };
    case 'auto':
      return context.layout.implicitToolChoice === true ? parallel : { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'tool':
      if (!functionNames.has(choice.name)) {
        context.warnings.add(
          'degraded-field',
          `tool_choice named a tool that was not sent; 'required' was sent instead.`,
          'tool-choice',
        );
        return { tool_choice: 'required', ...parallel };
      }
      return {
        tool_choice: { type: 'function', function: { name: context.names.toUpstream(choice.name) } },
        ...parallel,
      };
    default: {
      const unknown: never = choice;
      throw new Error(`Unknown tool choice ${JSON.stringify(unknown)}`);
    }
  }
}
