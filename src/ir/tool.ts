import type { IrCacheControl } from './part.js';

/** A JSON Schema object, as the client sent it. */
export type IrJsonSchema = Readonly<Record<string, unknown>>;

/** A client-defined function tool. */
export interface IrFunctionTool {
  readonly type: 'function';
  readonly name: string;
  readonly description?: string | undefined;
  readonly inputSchema: IrJsonSchema;
  readonly cacheControl?: IrCacheControl | undefined;
  /** Anthropic tool search: loaded on demand. Formats without it get the tool as a plain tool. */
  readonly deferLoading?: boolean | undefined;
  /** OpenAI `strict`. */
  readonly strict?: boolean | undefined;
}

/**
 * A provider-executed tool (Anthropic `web_search_20250305`, `tool_search_tool_…`, …): the wire
 * definition carried verbatim for its own format, dropped with a warning for others.
 */
export interface IrProviderTool {
  readonly type: 'provider';
  readonly format: string;
  readonly name: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** Any tool definition. */
export type IrTool = IrFunctionTool | IrProviderTool;

/** How the model may use tools. */
export type IrToolChoice =
  | { readonly type: 'auto'; readonly disableParallelToolUse?: boolean | undefined }
  | { readonly type: 'any'; readonly disableParallelToolUse?: boolean | undefined }
  | { readonly type: 'none' }
  | { readonly type: 'tool'; readonly name: string; readonly disableParallelToolUse?: boolean | undefined };
