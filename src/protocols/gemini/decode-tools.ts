import type { IrJsonSchema, IrTool, IrToolChoice } from '../../ir/tool.js';
import {
  GEMINI_FORMAT,
  type GeminiGenerateContentRequest,
  type GeminiLayout,
  type GeminiTool,
} from './wire.js';

/** Schema of a function's parameters when the declaration has none (a function without parameters). */
const EMPTY_PARAMETERS: IrJsonSchema = { type: 'object', properties: {} };

type ToolLayout = NonNullable<GeminiLayout['tools']>;
type FunctionCallingConfig = NonNullable<
  NonNullable<GeminiGenerateContentRequest['toolConfig']>['functionCallingConfig']
>;

/**
 * A client's `tools` → IR tools.
 * - each `functionDeclarations[]` entry → a function tool: `parameters` (Gemini's OpenAPI-subset
 *   `Schema`, type names lower-cased so other formats read it as JSON Schema), else
 *   `parametersJsonSchema` (JSON Schema, as is), else an empty object schema; the declaration's
 *   other fields (`response`, `responseJsonSchema`, `behavior`) and which of the two it used go
 *   to the layout;
 * - every other field of a `Tool` (`googleSearch`, `codeExecution`, `urlContext`, `fileSearch`,
 *   …) → a provider tool of format `gemini` named after the field, value `{<field>: …}`.
 * Source: Gemini API reference, "Caching" (`Tool`, `FunctionDeclaration`); "Function calling" guide.
 */
export function decodeGeminiTools(tools: readonly GeminiTool[]): { tools: IrTool[]; layout: ToolLayout } {
  const decoded: IrTool[] = [];
  const layout: Record<string, { jsonSchema?: boolean; extras?: Record<string, unknown> }> = {};
  for (const tool of tools) {
    const { functionDeclarations, ...builtIns } = tool;
    for (const declaration of functionDeclarations ?? []) {
      const { name, description, parameters, parametersJsonSchema, ...extras } = declaration;
      const jsonSchema = parameters == null && isSchema(parametersJsonSchema);
      decoded.push({
        type: 'function',
        name,
        ...(description === undefined ? {} : { description }),
        inputSchema:
          parameters != null
            ? (lowerCaseTypes(parameters) as IrJsonSchema)
            : isSchema(parametersJsonSchema)
              ? parametersJsonSchema
              : EMPTY_PARAMETERS,
      });
      const entry = {
        ...(jsonSchema ? { jsonSchema: true } : {}),
        ...(Object.keys(extras).length > 0 ? { extras } : {}),
      };
      if (Object.keys(entry).length > 0) layout[name] = entry;
    }
    for (const [field, value] of Object.entries(builtIns)) {
      if (value !== undefined) {
        decoded.push({ type: 'provider', format: GEMINI_FORMAT, name: field, value: { [field]: value } });
      }
    }
  }
  return { tools: decoded, layout };
}

/**
 * `toolConfig.functionCallingConfig` → IR tool choice.
 *
 * | functionCallingConfig                         | IR                     |
 * |-----------------------------------------------|------------------------|
 * | `mode: AUTO`                                  | `auto`                 |
 * | `mode: ANY`, one `allowedFunctionNames` entry | `tool` with that name  |
 * | `mode: ANY`, no names                         | `any`                  |
 * | `mode: ANY`, several names                    | `any` (the names kept in the layout) |
 * | `mode: NONE`                                  | `none`                 |
 * | `mode: VALIDATED`                             | `auto` (the config kept in the layout) |
 * | no mode / `MODE_UNSPECIFIED`                  | none given             |
 *
 * `layout` is the config itself when the IR cannot say all of it (VALIDATED, several names, other fields).
 * Source: Gemini API reference, "Caching" (`FunctionCallingConfig`, `Mode`).
 */
export function decodeGeminiToolChoice(config: FunctionCallingConfig | undefined): {
  toolChoice: IrToolChoice | undefined;
  layout: Record<string, unknown> | undefined;
} {
  if (config === undefined) return { toolChoice: undefined, layout: undefined };
  const toolChoice = toolChoiceOf(config);
  const exact = toolChoice === undefined ? undefined : encodeGeminiToolChoiceConfig(toolChoice);
  const same =
    exact !== undefined &&
    Object.keys(config).length === Object.keys(exact).length &&
    config.mode === exact.mode &&
    JSON.stringify(config.allowedFunctionNames) === JSON.stringify(exact.allowedFunctionNames);
  return { toolChoice, layout: same ? undefined : { ...config } };
}

function toolChoiceOf(config: FunctionCallingConfig): IrToolChoice | undefined {
  const names = config.allowedFunctionNames ?? [];
  const [only] = names;
  switch (config.mode) {
    case undefined:
    case 'MODE_UNSPECIFIED':
      return undefined;
    case 'AUTO':
    case 'VALIDATED':
      return { type: 'auto' };
    case 'ANY':
      return names.length === 1 && only !== undefined ? { type: 'tool', name: only } : { type: 'any' };
    case 'NONE':
      return { type: 'none' };
    default: {
      const unknown: never = config.mode;
      throw new Error(`Unknown function calling mode ${String(unknown)}`);
    }
  }
}

/**
 * IR tool choice → `functionCallingConfig` (names as given: the caller maps them to upstream
 * names): auto → AUTO, any → ANY, tool → ANY with `allowedFunctionNames: [name]`, none → NONE.
 * Gemini has no switch for parallel calls (`disableParallelToolUse` is the caller's warning).
 * Source: Gemini API reference, "Caching" (`FunctionCallingConfig`).
 */
export function encodeGeminiToolChoiceConfig(toolChoice: IrToolChoice): {
  mode: 'AUTO' | 'ANY' | 'NONE';
  allowedFunctionNames?: string[];
} {
  switch (toolChoice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'any':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [toolChoice.name] };
    case 'none':
      return { mode: 'NONE' };
    default: {
      const unknown: never = toolChoice;
      throw new Error(`Unknown tool choice ${JSON.stringify(unknown)}`);
    }
  }
}

function isSchema(value: unknown): value is IrJsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Gemini `Schema` type names (`STRING`, `OBJECT`) → JSON Schema's (`string`, `object`), recursively. */
function lowerCaseTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerCaseTypes);
  if (!isSchema(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === 'type' && typeof value === 'string') return [key, value.toLowerCase()];
      if (key === 'properties' && isSchema(value)) {
        return [
          key,
          Object.fromEntries(Object.entries(value).map(([name, child]) => [name, lowerCaseTypes(child)])),
        ];
      }
      if (key === 'items' || key === 'anyOf') return [key, lowerCaseTypes(value)];
      return [key, value];
    }),
  );
}

/** A request's `toolConfig` without `functionCallingConfig` (kept verbatim in the extensions). */
export function otherToolConfig(
  toolConfig: GeminiGenerateContentRequest['toolConfig'],
): Record<string, unknown> | undefined {
  if (toolConfig === undefined) return undefined;
  const { functionCallingConfig: _config, ...rest } = toolConfig;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
