import type { IrTool, IrToolChoice } from '../../ir/tool.js';
import { parseRequestValue } from './parse-request-value.js';
import { extraFields } from './read-layout.js';
import type { OpenAIResponsesLayout, OpenAIResponsesRequest, WireFields } from './wire.js';
import { OPENAI_RESPONSES_FORMAT, openAIResponsesFunctionToolSchema } from './wire.js';

/** Schema of a function's parameters when the client gave none ("an empty parameter list"). */
const EMPTY_PARAMETERS = { type: 'object', properties: {} } as const;

const MAPPED_TOOL_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'name',
  'description',
  'parameters',
  'strict',
  'defer_loading',
]);

/**
 * `tools` → IR tools.
 *
 * | Responses                                            | IR                                        |
 * |------------------------------------------------------|-------------------------------------------|
 * | `{type:"function", name, description, parameters, strict}` | function tool (`parameters` absent → empty object schema) |
 * | function `defer_loading`                             | `deferLoading`                            |
 * | function `allowed_callers`, `output_schema`, …       | layout (`tools[name]`)                    |
 * | any other type (`web_search`, `file_search`, `code_interpreter`, `mcp`, `custom`, …) | provider tool of format `openai-responses`, named by its `name`, `server_label` or `type` |
 *
 * Source: OpenAI API reference, "Create a model response" (`tools`).
 * @throws InvalidRequestError for a malformed function tool
 */
export function decodeOpenAIResponsesTools(tools: readonly Record<string, unknown>[]): {
  tools: IrTool[];
  layout: Record<string, WireFields>;
} {
  const layout: Record<string, WireFields> = {};
  const decoded = tools.map((value, index): IrTool => {
    if (value.type !== 'function') {
      const name =
        typeof value.name === 'string'
          ? value.name
          : typeof value.server_label === 'string'
            ? value.server_label
            : String(value.type);
      return { type: 'provider', format: OPENAI_RESPONSES_FORMAT, name, value };
    }
    const tool = parseRequestValue(openAIResponsesFunctionToolSchema, value, `tools[${index}]`);
    const extras = extraFields(tool, MAPPED_TOOL_FIELDS);
    if (extras !== undefined) layout[tool.name] = extras;
    return {
      type: 'function',
      name: tool.name,
      ...(tool.description == null ? {} : { description: tool.description }),
      inputSchema: tool.parameters ?? EMPTY_PARAMETERS,
      ...(tool.strict == null ? {} : { strict: tool.strict }),
      ...(tool.defer_loading == null ? {} : { deferLoading: tool.defer_loading }),
    };
  });
  return { tools: decoded, layout };
}

/**
 * `tool_choice` + `parallel_tool_calls` → IR tool choice.
 *
 * | Responses                              | IR                                              |
 * |----------------------------------------|-------------------------------------------------|
 * | `none` / `auto` / `required`           | none / auto / any                               |
 * | `{type:"function", name}`              | tool                                            |
 * | `{type:"allowed_tools", mode}`         | auto (mode `auto`) / any (mode `required`), raw value in the layout |
 * | any other object (hosted tool, `mcp`, `custom`, …) | any, raw value in the layout        |
 * | `parallel_tool_calls: false` / `true`  | `disableParallelToolUse: true` / `false`        |
 * | only `parallel_tool_calls`             | auto, flagged implicit in the layout            |
 *
 * Source: OpenAI API reference, "Create a model response" (`tool_choice`, `parallel_tool_calls`).
 */
export function decodeOpenAIResponsesToolChoice(wire: OpenAIResponsesRequest): {
  toolChoice: IrToolChoice | undefined;
  layout: Pick<OpenAIResponsesLayout, 'implicitToolChoice' | 'toolChoice'>;
} {
  const parallel =
    wire.parallel_tool_calls == null ? {} : { disableParallelToolUse: !wire.parallel_tool_calls };
  const choice = wire.tool_choice;
  if (choice == null) {
    return wire.parallel_tool_calls == null
      ? { toolChoice: undefined, layout: {} }
      : { toolChoice: { type: 'auto', ...parallel }, layout: { implicitToolChoice: true } };
  }
  switch (choice) {
    case 'none':
      return { toolChoice: { type: 'none' }, layout: {} };
    case 'auto':
      return { toolChoice: { type: 'auto', ...parallel }, layout: {} };
    case 'required':
      return { toolChoice: { type: 'any', ...parallel }, layout: {} };
    default:
      break;
  }
  if (choice.type === 'function' && typeof choice.name === 'string' && Object.keys(choice).length === 2) {
    return { toolChoice: { type: 'tool', name: choice.name, ...parallel }, layout: {} };
  }
  const type = choice.type === 'allowed_tools' && choice.mode === 'auto' ? 'auto' : 'any';
  return { toolChoice: { type, ...parallel }, layout: { toolChoice: choice } };
}
