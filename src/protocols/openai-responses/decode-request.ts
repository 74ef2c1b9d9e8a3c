import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrRequest } from '../../ir/request.js';
import type { IrWarning } from '../../ir/warning.js';
import { WarningCollector } from '../openai-chat/collect-warnings.js';
import { decodeReasoningEffort } from '../openai-chat/map-thinking.js';
import type { ClientExchange } from '../protocol.js';
import { decodeOpenAIResponsesInput } from './decode-input.js';
import { decodeOpenAIResponsesToolChoice, decodeOpenAIResponsesTools } from './decode-tools.js';
import { parseRequestValue } from './parse-request-value.js';
import type { OpenAIResponsesLayout, OpenAIResponsesRequest } from './wire.js';
import { OPENAI_RESPONSES_FORMAT, openAIResponsesRequestSchema } from './wire.js';

/** Top-level fields mapped to the IR; every other field goes to `extensions['openai-responses']` verbatim. */
const MAPPED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'stream',
  'user',
  'safety_identifier',
  'reasoning',
  'previous_response_id',
  'conversation',
]);

/** The answer to a request that names a stored response. */
export const PREVIOUS_RESPONSE_NOT_SUPPORTED =
  'previous_response_id is not supported: Switchboard does not store responses; send the whole conversation in `input` (with store: false)';

/** The answer to a request that names a stored conversation. */
export const CONVERSATION_NOT_SUPPORTED =
  'conversation is not supported: Switchboard does not store conversations; send the whole conversation in `input` (with store: false)';

/** A decoded client request. */
export interface DecodedOpenAIResponsesRequest {
  request: IrRequest;
  client: ClientExchange;
  warnings: IrWarning[];
}

/**
 * OpenAI Responses request body → IR request.
 *
 * | Responses                                   | IR                                                  |
 * |---------------------------------------------|-----------------------------------------------------|
 * | `model`                                     | `model`                                             |
 * | `instructions`, `input`                     | `system` + `messages` (see `decodeOpenAIResponsesInput`) |
 * | `tools`                                     | `tools` (see `decodeOpenAIResponsesTools`)          |
 * | `tool_choice`, `parallel_tool_calls`        | `toolChoice` (see `decodeOpenAIResponsesToolChoice`) |
 * | `max_output_tokens`                         | `maxTokens`                                         |
 * | `temperature`, `top_p`                      | `temperature`, `topP`                               |
 * | `stream`                                    | `stream`                                            |
 * | `safety_identifier` ?? `user`               | `userId` (the other one, when both are given, stays an extension) |
 * | `reasoning.effort`                          | `thinking` + `effort` (the chat spoke's table, `openai-chat/map-thinking.ts`) |
 * | `reasoning.summary` (and other `reasoning` keys) | `extensions['openai-responses'].reasoning`     |
 * | `metadata`, `text`, `store`, `include`, `truncation`, `service_tier`, `prompt_cache_key`, … | `extensions['openai-responses']`, verbatim |
 * | `previous_response_id`, `conversation`      | 400: Switchboard stores nothing                     |
 *
 * `null` values count as absent. The client exchange asks for usage always (every Responses
 * stream ends with it).
 * Source: OpenAI API reference, "Responses" > "Create a model response".
 * @throws InvalidRequestError naming the offending field, or for `previous_response_id` / `conversation`
 */
export function decodeOpenAIResponsesRequest(body: unknown): DecodedOpenAIResponsesRequest {
  const wire = parseRequestValue(openAIResponsesRequestSchema, body, '');
  if (wire.previous_response_id != null) throw new InvalidRequestError(PREVIOUS_RESPONSE_NOT_SUPPORTED);
  if (wire.conversation != null) throw new InvalidRequestError(CONVERSATION_NOT_SUPPORTED);
  const warnings = new WarningCollector();
  const input = decodeOpenAIResponsesInput(wire.input, wire.instructions, warnings);
  const tools = decodeOpenAIResponsesTools(wire.tools ?? []);
  const choice = decodeOpenAIResponsesToolChoice(wire);
  const effort = wire.reasoning?.effort;
  const thinking = effort == null ? undefined : decodeReasoningEffort(effort);
  const userId = wire.safety_identifier ?? wire.user ?? undefined;
  const layout: OpenAIResponsesLayout = {
    ...input.layout,
    ...choice.layout,
    ...(Object.keys(tools.layout).length > 0 ? { tools: tools.layout } : {}),
    ...(wire.safety_identifier != null ? { userField: 'safety_identifier' as const } : {}),
  };

  const request: IrRequest = {
    model: wire.model,
    system: input.system,
    messages: input.messages,
    tools: tools.tools,
    ...(choice.toolChoice === undefined ? {} : { toolChoice: choice.toolChoice }),
    ...(wire.max_output_tokens == null ? {} : { maxTokens: wire.max_output_tokens }),
    ...(wire.temperature == null ? {} : { temperature: wire.temperature }),
    ...(wire.top_p == null ? {} : { topP: wire.top_p }),
    stopSequences: [],
    stream: wire.stream === true,
    ...(thinking === undefined ? {} : thinking),
    ...(userId === undefined ? {} : { userId }),
    extensions: { [OPENAI_RESPONSES_FORMAT]: collectExtensionFields(wire, layout) },
  };
  return { request, client: { requestedModel: wire.model, includeUsage: true }, warnings: warnings.list() };
}

function collectExtensionFields(
  wire: OpenAIResponsesRequest,
  layout: OpenAIResponsesLayout,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (!MAPPED_FIELDS.has(key) && value !== undefined) fields[key] = value;
  }
  if (wire.reasoning != null) {
    const { effort: _effort, ...rest } = wire.reasoning;
    if (Object.keys(rest).length > 0) fields.reasoning = rest;
  }
  if (wire.safety_identifier != null && wire.user != null) fields.user = wire.user;
  if (wire.tool_choice === 'none' && wire.parallel_tool_calls != null) {
    fields.parallel_tool_calls = wire.parallel_tool_calls;
  }
  if (Object.keys(layout).length > 0) fields._layout = layout;
  return fields;
}
