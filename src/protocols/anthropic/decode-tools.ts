import { InvalidRequestError } from '../../errors/gateway-error.js';
import type { IrFunctionTool, IrTool, IrToolChoice } from '../../ir/tool.js';
import type { AnthropicLayoutRecorder } from './anthropic-layout.js';
import { deepFreeze } from '../json/deep-freeze.js';
import { decodeCacheControl } from './decode-media-block.js';
import { isJsonObject, pickUnknownKeys, type JsonObject } from './json-value.js';

/** Fields of a custom tool the IR carries (`type` is kept in the layout: `custom` or absent). */
const FUNCTION_TOOL_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'input_schema',
  'cache_control',
  'defer_loading',
  'strict',
]);

/**
 * Decodes `tools`. Custom tools (no `type`, or `type: "custom"`) become `IrFunctionTool`s; the
 * fields the IR lacks (`type`, `input_examples`, `allowed_callers`, `eager_input_streaming`, a
 * `cache_control` of a newer shape) go to the layout by tool name. Tools with any other `type`
 * (server tools: `web_search_20250305`, `tool_search_tool_regex_20251119`, `bash_20250124`, …)
 * become `IrProviderTool`s carrying the wire definition verbatim.
 * A frozen array (`RepeatedMembersParser`'s shared tools) is decoded once: later calls give the same
 * deep-frozen IR tools (in a new array) and record its layout extras again.
 * Source: Anthropic API reference, "Messages" (`tools`: custom tools and server tools).
 * @param tools the validated `tools` array (each an object with a string `name`)
 * @throws InvalidRequestError when a custom tool's `input_schema` is not an object
 */
export function decodeAnthropicTools(
  tools: readonly JsonObject[],
  layout: AnthropicLayoutRecorder,
): IrTool[] {
  if (!Object.isFrozen(tools))
    return decodeEach(tools, (name, extras) => layout.recordToolExtras(name, extras));
  let decoded = DECODED_SHARED_TOOLS.get(tools);
  if (decoded === undefined) {
    const extras: (readonly [string, JsonObject])[] = [];
    const irTools = decodeEach(tools, (name, fields) => extras.push([name, fields]));
    decoded = deepFreeze({ tools: irTools, extras });
    DECODED_SHARED_TOOLS.set(tools, decoded);
  }
  for (const [name, fields] of decoded.extras) layout.recordToolExtras(name, fields);
  return [...decoded.tools];
}

/**
 * The decoding of each frozen `tools` array seen (`RepeatedMembersParser` shares one, deep-frozen,
 * for the tools a client resends every turn): its IR tools and the layout extras to record again,
 * both deep-frozen. A frozen array's decoding never changes, so it is done once (Claude Code's 24
 * tools: ~14 µs a request), and the IR tools are then the same objects every turn, which lets the
 * upstream encoders' output be recognised by reference (`MemberBytesCache`). Weak: it goes when
 * the parser forgets the array.
 */
const DECODED_SHARED_TOOLS = new WeakMap<
  readonly JsonObject[],
  { readonly tools: readonly IrTool[]; readonly extras: readonly (readonly [string, JsonObject])[] }
>();

type RecordExtras = (name: string, extras: JsonObject) => void;

function decodeEach(tools: readonly JsonObject[], recordExtras: RecordExtras): IrTool[] {
  return tools.map((tool, index): IrTool => {
    const name = String(tool.name);
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      return { type: 'provider', format: 'anthropic', name, value: tool };
    }
    return decodeFunctionTool(tool, name, `tools.${index}`, recordExtras);
  });
}

function decodeFunctionTool(
  tool: JsonObject,
  name: string,
  path: string,
  recordExtras: RecordExtras,
): IrFunctionTool {
  const { description, input_schema: inputSchema, defer_loading: deferLoading, strict } = tool;
  if (!isJsonObject(inputSchema)) {
    throw new InvalidRequestError(
      `Request body is not a Messages request: ${path}.input_schema: expected an object`,
    );
  }
  const extras = pickUnknownKeys(tool, FUNCTION_TOOL_KEYS);
  const cacheControl = 'cache_control' in tool ? decodeCacheControl(tool.cache_control) : undefined;
  const keep = (key: string, lifted: boolean): void => {
    if (key in tool && !lifted) extras[key] = tool[key];
  };
  keep('description', typeof description === 'string');
  keep('cache_control', cacheControl !== undefined);
  keep('defer_loading', typeof deferLoading === 'boolean');
  keep('strict', typeof strict === 'boolean');
  if (Object.keys(extras).length > 0) recordExtras(name, extras);
  return {
    type: 'function',
    name,
    ...(typeof description === 'string' ? { description } : {}),
    inputSchema,
    ...(cacheControl === undefined ? {} : { cacheControl }),
    ...(typeof deferLoading === 'boolean' ? { deferLoading } : {}),
    ...(typeof strict === 'boolean' ? { strict } : {}),
  };
}

/** A partially mapped wire field: what the IR holds, and the rest for `extensions.anthropic`. */
export interface SplitField<Value> {
  readonly value?: Value;
  /** The whole wire value when the IR could not hold it, or its unmapped fields; absent when none. */
  readonly rest?: unknown;
}

/** The unmapped fields as a `rest`, or nothing when every field was mapped. */
export function restOf(rest: JsonObject): { rest?: JsonObject } {
  return Object.keys(rest).length > 0 ? { rest } : {};
}

const TOOL_CHOICE_KEYS: ReadonlySet<string> = new Set(['type', 'name', 'disable_parallel_tool_use']);

/**
 * Decodes `tool_choice` (`auto` / `any` / `tool` with `name`, each with an optional
 * `disable_parallel_tool_use`; `none`). Another type or shape is carried whole as `rest`.
 * Source: Anthropic API reference, "Messages" (`tool_choice`).
 * @param value the wire value (any JSON)
 */
export function decodeAnthropicToolChoice(value: unknown): SplitField<IrToolChoice> {
  if (!isJsonObject(value)) return { rest: value };
  const rest = pickUnknownKeys(value, TOOL_CHOICE_KEYS);
  const disable = value.disable_parallel_tool_use;
  const parallel = typeof disable === 'boolean' ? { disableParallelToolUse: disable } : {};
  if (disable !== undefined && typeof disable !== 'boolean') rest.disable_parallel_tool_use = disable;
  switch (value.type) {
    case 'auto':
    case 'any':
      if ('name' in value) rest.name = value.name;
      return { value: { type: value.type === 'auto' ? 'auto' : 'any', ...parallel }, ...restOf(rest) };
    case 'none':
      if ('name' in value) rest.name = value.name;
      if ('disable_parallel_tool_use' in value) rest.disable_parallel_tool_use = disable;
      return { value: { type: 'none' }, ...restOf(rest) };
    case 'tool':
      if (typeof value.name !== 'string') return { rest: value };
      return { value: { type: 'tool', name: value.name, ...parallel }, ...restOf(rest) };
    default:
      return { rest: value };
  }
}
