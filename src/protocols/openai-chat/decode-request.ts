import type { z } from 'zod';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrRequest } from '../../ir/request.js';
import type { IrTool, IrToolChoice } from '../../ir/tool.js';
import type { IrWarning } from '../../ir/warning.js';
import type { ClientExchange } from '../protocol.js';
import { WarningCollector } from './collect-warnings.js';
import { decodeOpenAIChatMessages } from './decode-messages.js';
import { formatIssuePath } from './format-issue-path.js';
import { decodeReasoningEffort } from './map-thinking.js';
import type { OpenAIChatLayout, OpenAIChatRequest, OpenAIChatTool, OpenAIChatToolChoice } from './wire.js';
import { OPENAI_CHAT_FORMAT, openAIChatRequestSchema } from './wire.js';

/** Top-level fields mapped to the IR; every other field goes to `extensions['openai-chat']` verbatim. */
const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'stream',
  'stream_options',
  'user',
  'reasoning_effort',
]);

/** Schema of a tool function's parameters when the client gave none ("an empty parameter list"). */
const EMPTY_PARAMETERS = { type: 'object', properties: {} } as const;

/** A decoded client request. */
export interface DecodedOpenAIChatRequest {
  request: IrRequest;
  client: ClientExchange;
  warnings: IrWarning[];
}

/**
 * OpenAI Chat Completions request body → IR request.
 *
 * | OpenAI                                   | IR                                                   |
 * |------------------------------------------|------------------------------------------------------|
 * | `model`                                  | `model`                                              |
 * | `messages`                               | `system` + `messages` (see `decodeOpenAIChatMessages`) |
 * | `tools[]` function                       | function tool (`parameters` absent → empty object schema) |
 * | `tools[]` custom                         | provider tool of format `openai-chat`                |
 * | `tool_choice` none/auto/required/function| none / auto / any / tool                             |
 * | `tool_choice` allowed_tools, custom      | auto/any, raw value kept in the layout               |
 * | `parallel_tool_calls: false` / `true`    | `disableParallelToolUse: true` / `false`             |
 * | `max_completion_tokens` ?? `max_tokens`  | `maxTokens`                                          |
 * | `temperature`, `top_p`                   | `temperature`, `topP`                                |
 * | `stop` (string or array)                 | `stopSequences`                                      |
 * | `stream`, `stream_options.include_usage` | `stream`, `ClientExchange.includeUsage`              |
 * | `user`                                   | `userId`                                             |
 * | `reasoning_effort`                       | `thinking` + `effort` (see `map-thinking.ts`)        |
 * | anything else (`metadata`, `response_format`, `seed`, …) | `extensions['openai-chat']`, verbatim |
 *
 * `null` values count as absent. `n` above 1 is refused (the IR holds one answer).
 * Source: OpenAI API reference, "Create chat completion".
 * @throws InvalidRequestError naming the offending field
 */
export function decodeOpenAIChatRequest(body: unknown): DecodedOpenAIChatRequest {
  const parsed = openAIChatRequestSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(describeIssues(parsed.error));
  const wire = parsed.data;
  if (wire.n != null && wire.n > 1) {
    throw new InvalidRequestError('n: this gateway answers with one choice; send n: 1 or leave it out.');
  }
  const warnings = new WarningCollector();
  const decoded = decodeOpenAIChatMessages(wire.messages, warnings);
  const { toolChoice, layout: choiceLayout } = decodeToolChoice(wire);
  if (
    wire.max_completion_tokens != null &&
    wire.max_tokens != null &&
    wire.max_completion_tokens !== wire.max_tokens
  ) {
    warnings.add('dropped-field', 'max_tokens was ignored: max_completion_tokens takes precedence.');
  }
  const maxTokens = wire.max_completion_tokens ?? wire.max_tokens ?? undefined;
  const thinking = wire.reasoning_effort == null ? undefined : decodeReasoningEffort(wire.reasoning_effort);
  const layout: OpenAIChatLayout = { ...decoded.layout, ...choiceLayout };

  const request: IrRequest = {
    model: wire.model,
    system: decoded.system,
    messages: decoded.messages,
    tools: (wire.tools ?? []).map(decodeTool),
    ...(toolChoice === undefined ? {} : { toolChoice }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(wire.temperature == null ? {} : { temperature: wire.temperature }),
    ...(wire.top_p == null ? {} : { topP: wire.top_p }),
    stopSequences: wire.stop == null ? [] : typeof wire.stop === 'string' ? [wire.stop] : wire.stop,
    stream: wire.stream === true,
    ...(thinking === undefined ? {} : thinking),
    ...(wire.user == null ? {} : { userId: wire.user }),
    extensions: { [OPENAI_CHAT_FORMAT]: collectExtensionFields(wire, layout) },
  };
  return {
    request,
    client: { requestedModel: wire.model, includeUsage: wire.stream_options?.include_usage === true },
    warnings: warnings.list(),
  };
}

function decodeTool(tool: OpenAIChatTool): IrTool {
  if (tool.type === 'custom') {
    return { type: 'provider', format: OPENAI_CHAT_FORMAT, name: tool.custom.name, value: tool };
  }
  const { name, description, parameters, strict } = tool.function;
  return {
    type: 'function',
    name,
    ...(description === undefined ? {} : { description }),
    inputSchema: parameters ?? EMPTY_PARAMETERS,
    ...(strict == null ? {} : { strict }),
  };
}

function decodeToolChoice(wire: OpenAIChatRequest): {
  toolChoice: IrToolChoice | undefined;
  layout: Pick<OpenAIChatLayout, 'implicitToolChoice' | 'toolChoice'>;
} {
  const parallel =
    wire.parallel_tool_calls == null ? {} : { disableParallelToolUse: !wire.parallel_tool_calls };
  const choice: OpenAIChatToolChoice | null | undefined = wire.tool_choice;
  if (choice == null) {
    return wire.parallel_tool_calls == null
      ? { toolChoice: undefined, layout: {} }
      : { toolChoice: { type: 'auto', ...parallel }, layout: { implicitToolChoice: true } };
  }
  if (choice === 'none') return { toolChoice: { type: 'none' }, layout: {} };
  if (choice === 'auto') return { toolChoice: { type: 'auto', ...parallel }, layout: {} };
  if (choice === 'required') return { toolChoice: { type: 'any', ...parallel }, layout: {} };
  switch (choice.type) {
    case 'function':
      return { toolChoice: { type: 'tool', name: choice.function.name, ...parallel }, layout: {} };
    case 'custom':
      return { toolChoice: { type: 'any', ...parallel }, layout: { toolChoice: choice } };
    case 'allowed_tools':
      return {
        toolChoice: { type: choice.allowed_tools.mode === 'required' ? 'any' : 'auto', ...parallel },
        layout: { toolChoice: choice },
      };
    default: {
      const unknown: never = choice;
      throw new Error(`Unknown tool_choice ${JSON.stringify(unknown)}`);
    }
  }
}

function collectExtensionFields(wire: OpenAIChatRequest, layout: OpenAIChatLayout): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (!MAPPED_FIELDS.has(key) && value !== undefined) fields[key] = value;
  }
  if (wire.stream_options != null) {
    const { include_usage: _includeUsage, ...otherOptions } = wire.stream_options;
    if (Object.keys(otherOptions).length > 0) fields.stream_options = otherOptions;
  }
  if (wire.tool_choice === 'none' && wire.parallel_tool_calls != null) {
    fields.parallel_tool_calls = wire.parallel_tool_calls;
  }
  if (Object.keys(layout).length > 0) fields._layout = layout;
  return fields;
}

/** `messages[2].content[0].type: Invalid input` — the first issues of a failed parse, by field path. */
function describeIssues(error: z.ZodError): string {
  const described = error.issues.slice(0, 3).map((issue) => {
    const deepest = deepestIssue(issue, issue.path);
    return `${formatIssuePath(deepest.path)}: ${deepest.issue.message}`;
  });
  return `Invalid Chat Completions request: ${described.join('; ')}.`;
}

/** In a union that failed every branch, the branch issue that got furthest into the value. */
function deepestIssue(
  issue: z.core.$ZodIssue,
  path: readonly PropertyKey[],
): { issue: z.core.$ZodIssue; path: readonly PropertyKey[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  let best: { issue: z.core.$ZodIssue; path: readonly PropertyKey[] } = { issue, path };
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first === undefined) continue;
    const candidate = deepestIssue(first, [...path, ...first.path]);
    if (candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}
