import type { IrRequest } from '../../ir/request.js';
import { encodeOpenAITools, type EncodedTools, type OpenAIToolDialect } from '../openai-chat/encode-tools.js';
import { warnCacheControl } from './encode-content.js';
import type { ResponsesEncodeContext } from './encode-context.js';
import { OPENAI_RESPONSES_FORMAT } from './wire.js';

/** `tools`, `tool_choice` and `parallel_tool_calls` of an upstream body (absent keys omitted). */
export type EncodedResponsesTools = EncodedTools;

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
  return encodeOpenAITools(request, context, OPENAI_RESPONSES_TOOLS);
}

/** Responses: flat function tools (+ layout extras), `defer_loading` beside a `tool_search` tool. */
const OPENAI_RESPONSES_TOOLS: OpenAIToolDialect<ResponsesEncodeContext> = {
  format: OPENAI_RESPONSES_FORMAT,
  apiName: 'OpenAI Responses',
  canDeferLoading: (request) =>
    request.tools.some(
      (tool) =>
        tool.type === 'provider' &&
        tool.format === OPENAI_RESPONSES_FORMAT &&
        tool.value.type === 'tool_search',
    ),
  warnCacheControl,
  encodeFunction: (tool, name, deferred, context) => ({
    type: 'function',
    name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    parameters: tool.inputSchema,
    ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    ...(deferred ? { defer_loading: true } : {}),
    ...context.layout.tools?.[tool.name],
  }),
  encodeNamedChoice: (name) => ({ type: 'function', name }),
};
