import type { IrRequest } from '../../ir/request.js';
import type { IrFunctionTool, IrToolChoice } from '../../ir/tool.js';
import { deepFreeze } from '../json/deep-freeze.js';
import type { WarningCollector } from './collect-warnings.js';
import { warnCacheControl } from './encode-content.js';
import type { EncodeContext } from './encode-context.js';
import type { ToolNameShortener } from './shorten-tool-names.js';
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
  return encodeOpenAITools(request, context, OPENAI_CHAT_TOOLS);
}

/** What {@link encodeOpenAITools} reads of a spoke's encode context (both OpenAI spokes' contexts fit). */
export interface OpenAIToolsEncodeContext {
  readonly names: ToolNameShortener;
  readonly warnings: WarningCollector;
  /** The client's own tool choice to send back verbatim, and whether it left `auto` implicit. */
  readonly layout: { readonly toolChoice?: unknown; readonly implicitToolChoice?: boolean | undefined };
}

/**
 * How one OpenAI API spells tools (Chat Completions nests a function under `function`, Responses
 * does not); everything else about tools and tool choice is the same rule for both.
 */
export interface OpenAIToolDialect<Context extends OpenAIToolsEncodeContext> {
  /** The format whose provider tools are sent verbatim; other formats' are dropped. */
  readonly format: string;
  /** The API's name in warnings ("… has no OpenAI Chat equivalent …"). */
  readonly apiName: string;
  /** Whether deferred-loading tools can be sent deferred in this request (else plain + warning). */
  canDeferLoading(request: IrRequest): boolean;
  /** Warns that a tool's `cache_control` hint was dropped. */
  warnCacheControl(context: Context): void;
  /**
   * The wire definition of a function tool.
   * @param name the name to send (already shortened)
   * @param deferred whether the tool is sent deferred
   */
  encodeFunction(
    tool: IrFunctionTool,
    name: string,
    deferred: boolean,
    context: Context,
  ): Record<string, unknown>;
  /** The `tool_choice` that forces the function sent as `name`. */
  encodeNamedChoice(name: string): unknown;
}

/**
 * IR tools and tool choice → an OpenAI API's `tools`, `tool_choice` and `parallel_tool_calls`,
 * with the wire shapes of `dialect` (the rules are in the docs of `encodeTools` and
 * `encodeResponsesTools`).
 */
export function encodeOpenAITools<Context extends OpenAIToolsEncodeContext>(
  request: IrRequest,
  context: Context,
  dialect: OpenAIToolDialect<Context>,
): EncodedTools {
  const tools: Record<string, unknown>[] = [];
  const functionNames = new Set<string>();
  const canDefer = dialect.canDeferLoading(request);
  for (const tool of request.tools) {
    if (tool.type === 'provider') {
      if (tool.format === dialect.format) tools.push({ ...tool.value });
      else {
        const kind = typeof tool.value.type === 'string' ? tool.value.type : tool.name;
        context.warnings.add(
          'dropped-tool',
          `${tool.format} server tool '${kind}' has no ${dialect.apiName} equivalent and was dropped.`,
          `dropped-tool:${kind}`,
        );
      }
      continue;
    }
    if (tool.deferLoading === true && !canDefer) {
      context.warnings.add(
        'degraded-tool',
        'Deferred-loading tools were sent as plain tools.',
        'defer-loading',
      );
    }
    if (tool.cacheControl !== undefined) dialect.warnCacheControl(context);
    functionNames.add(tool.name);
    const deferred = tool.deferLoading === true && canDefer;
    tools.push(dialect.encodeFunction(tool, context.names.toUpstream(tool.name), deferred, context));
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
  return { tools, ...encodeToolChoice(request.toolChoice, functionNames, context, dialect) };
}

/** A Chat Completions function tool: `{type: "function", function: {name, description, parameters, strict}}`. */
function chatFunction(tool: IrFunctionTool, name: string): Record<string, unknown> {
  return {
    type: 'function',
    function: {
      name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.inputSchema,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    },
  };
}

/**
 * The wire definition of each frozen IR tool seen (the decoders share one per tool a client resends
 * every turn: `decodeAnthropicTools`), for the name it was last sent under; deep-frozen. The same
 * object every turn lets `MemberBytesCache` recognise the tools by reference. Weak.
 */
const ENCODED_SHARED_FUNCTIONS = new WeakMap<
  IrFunctionTool,
  { readonly name: string; readonly value: Record<string, unknown> }
>();

/** Chat Completions: `{type: "function", function: {…}}`; deferred loading does not exist. */
const OPENAI_CHAT_TOOLS: OpenAIToolDialect<EncodeContext> = {
  format: OPENAI_CHAT_FORMAT,
  apiName: 'OpenAI Chat',
  canDeferLoading: () => false,
  warnCacheControl,
  encodeFunction: (tool, name) => {
    if (!Object.isFrozen(tool)) return chatFunction(tool, name);
    const known = ENCODED_SHARED_FUNCTIONS.get(tool);
    if (known?.name === name) return known.value;
    const value = deepFreeze(chatFunction(tool, name));
    ENCODED_SHARED_FUNCTIONS.set(tool, { name, value });
    return value;
  },
  encodeNamedChoice: (name) => ({ type: 'function', function: { name } }),
};

function encodeToolChoice<Context extends OpenAIToolsEncodeContext>(
  choice: IrToolChoice | undefined,
  functionNames: ReadonlySet<string>,
  context: Context,
  dialect: OpenAIToolDialect<Context>,
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
      return { tool_choice: dialect.encodeNamedChoice(context.names.toUpstream(choice.name)), ...parallel };
    default: {
      const unknown: never = choice;
      throw new Error(`Unknown tool choice ${JSON.stringify(unknown)}`);
    }
  }
}
