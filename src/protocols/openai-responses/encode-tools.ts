import type { IrRequest } from '../../ir/request.js';
import type { IrToolChoice } from '../../ir/tool.js';
import { warnCacheControl } from './encode-content.js';
import type { ResponsesEncodeContext } from './encode-context.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** `tools`, `tool_choice` and `parallel_tool_calls` of an upstream body (absent keys omitted). */
export interface EncodedResponsesTools {
  tools?: Record<string, unknown>[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
}

/**
 * IR tools and tool choice → Responses.
 *
 * | IR                                  | Responses                                               |
 * |-------------------------------------|---------------------------------------------------------|
 * | function tool                       | `{type: "function", name, description, parameters, strict}` (+ the layout's extra fields) |
 * | `deferLoading`                      | `defer_loading: true` when a `tool_search` tool is sent, else a plain tool + warning |
 * | `cacheControl` on a tool            | dropped + warning                                       |
 * | provider tool of `openai-responses` | verbatim (`web_search`, `file_search`, `mcp`, …)        |
 * | other provider tools                | dropped + warning (one per kind)                        |
 * | choice `auto` / `any` / `none`      | `auto` / `required` / `none`                            |
 * | choice `tool`                       | `{type: "function", name}`                              |
 * | `disableParallelToolUse` true/false | `parallel_tool_calls` false/true                        |
 *
 * With no tool left, neither `tool_choice` nor `parallel_tool_calls` is sent. A choice naming a
 * tool that was not sent becomes `required`, with a warning. Names are shortened reversibly when
 * outside `^[a-zA-Z0-9_-]{1,64}$` (`context.names`).
 * Source: OpenAI API reference, "Create a model response" (`tools`, `tool_choice`, `parallel_tool_calls`).
 */
export function encodeResponsesTools(
  request: IrRequest,
  context: ResponsesEncodeContext,
): EncodedResponsesTools {
  const tools: Record<string, unknown>[] = [];
  const functionNames = new Set<string>();
  const hasToolSearch = request.tools.some(
    (tool) =>
      tool.type === 'provider' &&
      tool.format === OPENAI_RESPONSES_FORMAT &&
      tool.value.type === 'tool_search',
  );
  for (const tool of request.tools) {
    if (tool.type === 'provider') {
      if (tool.format === OPENAI_RESPONSES_FORMAT) tools.push({ ...tool.value });
      else {
        const kind = typeof tool.value.type === 'string' ? tool.value.type : tool.name;
        context.warnings.add(
          'dropped-tool',
          `${tool.format} server tool '${kind}' has no OpenAI Responses equivalent and was dropped.`,
          `dropped-tool:${kind}`,
        );
      }
      continue;
    }
    const deferred = tool.deferLoading === true && hasToolSearch;
    if (tool.deferLoading === true && !hasToolSearch) {
      context.warnings.add(
        'degraded-tool',
        'Deferred-loading tools were sent as plain tools.',
        'defer-loading',
      );
    }
    if (tool.cacheControl !== undefined) warnCacheControl(context);
    functionNames.add(tool.name);
    tools.push({
      type: 'function',
      name: context.names.toUpstream(tool.name),
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.inputSchema,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      ...(deferred ? { defer_loading: true } : {}),
      ...context.layout.tools?.[tool.name],
    });
  }
  if (tools.length === 0) {
    const choice = request.toolChoice?.type;
    if (choice !== undefined && choice !== 'none' && choice !== 'auto') {
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
  context: ResponsesEncodeContext,
): Pick<EncodedResponsesTools, 'tool_choice' | 'parallel_tool_calls'> {
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
      return { tool_choice: { type: 'function', name: context.names.toUpstream(choice.name) }, ...parallel };
    default: {
      const unknown: never = choice;
      throw new Error(`Unknown tool choice ${JSON.stringify(unknown)}`);
    }
  }
}
