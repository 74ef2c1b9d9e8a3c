import { isDeepStrictEqual } from 'node:util';
import type { IrRequest } from '../../ir/request.js';
import type { WarningCollector } from '../openai-chat/collect-warnings.js';
import type { ToolNameShortener } from '../openai-chat/shorten-tool-names.js';
import { decodeGeminiToolChoice, encodeGeminiToolChoiceConfig } from './decode-tools.js';
import { sanitizeGeminiSchema } from './sanitize-schema.js';
import { GEMINI_FORMAT, type GeminiLayout, geminiToolConfigSchema } from './wire.js';

/** Most removed schema keyword paths named in the warning (the rest are counted). */
export const MAX_SCHEMA_PATHS_IN_WARNING = 12;

/** What the tools encoder needs from the request encoder. */
export interface EncodeToolsContext {
  readonly names: ToolNameShortener;
  readonly warnings: WarningCollector;
  readonly layout: GeminiLayout;
}

/**
 * IR tools and tool choice → Gemini `tools` and `toolConfig.functionCallingConfig`.
 *
 * | IR                                  | Gemini                                                       |
 * |-------------------------------------|--------------------------------------------------------------|
 * | function tools                      | one `{functionDeclarations: [{name, description, parameters}]}`; `parameters` = `sanitizeGeminiSchema(inputSchema)` (one warning lists what was removed), left out for a function without parameters (the API refuses an empty OBJECT); a declaration the client sent with `parametersJsonSchema` gets it back as is, with its other fields |
 * | `deferLoading`, `strict`            | dropped + warning (no Gemini equivalent)                     |
 * | provider tools of format `gemini`   | their `Tool` entry, verbatim                                 |
 * | other provider tools                | dropped + warning                                            |
 * | `toolChoice`                        | `functionCallingConfig` (`encodeGeminiToolChoiceConfig`), or the client's own config while it says the same; only with tools |
 * | `disableParallelToolUse`            | dropped + warning (Gemini has no switch for it)              |
 *
 * Names go through `names` (shortened reversibly past the upstream's limit).
 * Source: Gemini API reference, "Caching" (`Tool`, `FunctionDeclaration`, `Schema`, `ToolConfig`).
 */
export function encodeGeminiTools(
  request: IrRequest,
  context: EncodeToolsContext,
): { tools?: Record<string, unknown>[]; functionCallingConfig?: Record<string, unknown> } {
  const declarations: Record<string, unknown>[] = [];
  const builtIns: Record<string, unknown>[] = [];
  const adapted: string[] = [];
  let adaptedCount = 0;
  for (const tool of request.tools) {
    if (tool.type === 'provider') {
      if (tool.format === GEMINI_FORMAT) builtIns.push({ ...tool.value });
      else {
        context.warnings.add(
          'dropped-tool',
          `Provider tools of format ${tool.format} have no Gemini equivalent and were dropped.`,
          `dropped-tool:${tool.format}`,
        );
      }
      continue;
    }
    if (tool.deferLoading === true || tool.strict !== undefined) {
      context.warnings.add(
        'dropped-field',
        'Tool flags defer_loading / strict have no Gemini equivalent.',
        'tool-flags',
      );
    }
    const own = context.layout.tools?.[tool.name];
    const declaration: Record<string, unknown> = {
      name: context.names.toUpstream(tool.name),
      ...(tool.description === undefined ? {} : { description: tool.description }),
    };
    if (own?.jsonSchema === true) declaration.parametersJsonSchema = tool.inputSchema;
    else {
      const { schema, removed } = sanitizeGeminiSchema(tool.inputSchema);
      if (!(schema.type === 'object' && schema.properties === undefined)) declaration.parameters = schema;
      if (removed.length > 0) {
        adaptedCount += removed.length;
        for (const path of removed.slice(0, MAX_SCHEMA_PATHS_IN_WARNING - adapted.length)) {
          adapted.push(`${tool.name}: ${path}`);
        }
      }
    }
    declarations.push({ ...declaration, ...own?.extras });
  }
  if (adaptedCount > 0) {
    const more = adaptedCount > adapted.length ? `, and ${adaptedCount - adapted.length} more` : '';
    context.warnings.add(
      'adapted-tool-schema',
      `Tool schemas were cut to Gemini's Schema subset (${adapted.join(', ')}${more}).`,
    );
  }
  const tools = [...(declarations.length > 0 ? [{ functionDeclarations: declarations }] : []), ...builtIns];
  if (tools.length === 0) return {};
  const choice = request.toolChoice;
  if (choice === undefined) return { tools };
  if (choice.type !== 'none' && choice.disableParallelToolUse === true) {
    context.warnings.add(
      'dropped-field',
      'Gemini has no switch to turn parallel function calls off.',
      'parallel',
    );
  }
  const original = context.layout.functionCallingConfig;
  const parsed = geminiToolConfigSchema.shape.functionCallingConfig.safeParse(original);
  if (original !== undefined && parsed.success) {
    const decoded = decodeGeminiToolChoice(parsed.data).toolChoice;
    if (isDeepStrictEqual(decoded, withoutParallel(choice))) {
      const names = original.allowedFunctionNames;
      return {
        tools,
        functionCallingConfig: Array.isArray(names)
          ? { ...original, allowedFunctionNames: names.map((name) => context.names.toUpstream(String(name))) }
          : { ...original },
      };
    }
  }
  const config = encodeGeminiToolChoiceConfig(withoutParallel(choice));
  return {
    tools,
    functionCallingConfig:
      config.allowedFunctionNames === undefined
        ? config
        : {
            ...config,
            allowedFunctionNames: config.allowedFunctionNames.map((name) => context.names.toUpstream(name)),
          },
  };
}

function withoutParallel(choice: NonNullable<IrRequest['toolChoice']>): NonNullable<IrRequest['toolChoice']> {
  if (choice.type === 'none') return choice;
  const { disableParallelToolUse: _parallel, ...rest } = choice;
  return rest;
}
