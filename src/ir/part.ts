/**
 * IR content parts: the canonical content model, modelled on Anthropic's content blocks (the
 * richest of the four formats), with camelCase fields. Source: Anthropic API reference,
 * "Messages" (content block types); OpenAI Chat Completions and Gemini parts map onto these.
 */

/** Prompt-caching hint (Anthropic `cache_control`); formats without caching drop it with a warning. */
export interface IrCacheControl {
  readonly type: 'ephemeral';
  /** `5m` or `1h`, when given. */
  readonly ttl?: string | undefined;
}

/** Where media bytes come from. */
export type IrMediaSource =
  | { readonly kind: 'base64'; readonly mediaType: string; readonly data: string }
  | { readonly kind: 'url'; readonly url: string }
  /** Plain text document body (Anthropic `{"type":"text","media_type":"text/plain"}` source). */
  | { readonly kind: 'text'; readonly mediaType: string; readonly data: string }
  /** A provider file id (Anthropic Files API, OpenAI file ids). */
  | { readonly kind: 'file'; readonly fileId: string };

/** Text. */
export interface IrTextPart {
  readonly type: 'text';
  readonly text: string;
  readonly cacheControl?: IrCacheControl | undefined;
  /** Anthropic citations, carried opaquely. */
  readonly citations?: unknown;
}

/** An image. */
export interface IrImagePart {
  readonly type: 'image';
  readonly source: IrMediaSource;
  readonly cacheControl?: IrCacheControl | undefined;
}

/** A document (PDF, plain text). */
export interface IrDocumentPart {
  readonly type: 'document';
  readonly source: IrMediaSource;
  readonly title?: string | undefined;
  readonly context?: string | undefined;
  readonly cacheControl?: IrCacheControl | undefined;
}

/**
 * Who signed a reasoning block: the signature is only valid for the provider that made it
 * ("Invalid signature in thinking block" is what another provider answers).
 */
export interface IrSignature {
  /** Provider id of the upstream that produced it (`anthropic`, `deepseek`, …). */
  readonly provider: string;
  readonly value: string;
}

/** Model reasoning (Anthropic `thinking`, OpenAI-compatible `reasoning_content`, `<think>`, Gemini thought parts). */
export interface IrReasoningPart {
  readonly type: 'reasoning';
  readonly text: string;
  readonly signature?: IrSignature | undefined;
}

/** Reasoning the provider encrypted (Anthropic `redacted_thinking`, OpenAI encrypted reasoning). */
export interface IrRedactedReasoningPart {
  readonly type: 'redacted-reasoning';
  readonly data: string;
  /** Provider id that produced it; only that provider can read it back. */
  readonly provider: string;
}

/** A tool call by the model (Anthropic `tool_use`, OpenAI `tool_calls[]`, Gemini `functionCall`). */
export interface IrToolUsePart {
  readonly type: 'tool-use';
  readonly id: string;
  readonly name: string;
  /** Parsed JSON arguments (an object for every well-formed call). */
  readonly input: unknown;
  readonly cacheControl?: IrCacheControl | undefined;
  /**
   * A provider token that must go back with this call (Gemini `thoughtSignature` on
   * `functionCall` parts); only sent back to the provider family that made it.
   */
  readonly signature?: IrSignature | undefined;
}

/** The result of a tool call (Anthropic `tool_result`, OpenAI `tool` message, Gemini `functionResponse`). */
export interface IrToolResultPart {
  readonly type: 'tool-result';
  readonly toolUseId: string;
  /** Text / image / document parts (a plain string result becomes one text part). */
  readonly content: readonly (IrTextPart | IrImagePart | IrDocumentPart)[];
  readonly isError?: boolean | undefined;
  readonly cacheControl?: IrCacheControl | undefined;
}

/**
 * A block of a format the IR has no concept for (Anthropic `tool_reference`, `server_tool_use`,
 * `web_search_tool_result`, …): carried as the wire JSON, re-emitted as is to the same format,
 * degraded (to text, with a warning) or dropped for others.
 */
export interface IrOpaquePart {
  readonly type: 'opaque';
  /** Wire format it came from (`anthropic`, `openai-chat`, …). */
  readonly format: string;
  /** The wire block, verbatim. */
  readonly value: Readonly<Record<string, unknown>>;
}

/** Any content part. */
export type IrPart =
  | IrTextPart
  | IrImagePart
  | IrDocumentPart
  | IrReasoningPart
  | IrRedactedReasoningPart
  | IrToolUsePart
  | IrToolResultPart
  | IrOpaquePart;
