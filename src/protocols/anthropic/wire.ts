import { z } from 'zod';

/**
 * Wire schemas of what Anthropic-format clients send, checked at the edge. Loose objects: fields
 * we do not know (new API features, `context_management`, `output_config`, unknown content blocks
 * such as `tool_reference`) pass through untouched; only what the gateway relies on is checked.
 * Source: Anthropic API reference, "Messages" (create) and "Count tokens in a message".
 */

const contentBlockSchema = z.looseObject({ type: z.string().min(1) });

/** `role: "system"` inside `messages` is what Claude Code sends mid-conversation; it is kept. */
const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});

const systemSchema = z.union([z.string(), z.array(contentBlockSchema)]);
const toolSchema = z.looseObject({ name: z.string().min(1) });

/** `POST /v1/messages` body: the fields the gateway reads, everything else passes through. */
export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema),
  max_tokens: z.number().int().positive(),
  stream: z.boolean().optional(),
  system: systemSchema.optional(),
  tools: z.array(toolSchema).optional(),
});

/** `POST /v1/messages/count_tokens` body: like a Messages request without `max_tokens`. */
export const anthropicCountTokensRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema),
  system: systemSchema.optional(),
  tools: z.array(toolSchema).optional(),
});

/** A validated Messages request (unknown fields kept as `unknown`). */
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;

/** A validated count_tokens request. */
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequestSchema>;

/** `usage` of a Messages response (reference "Messages", response `usage`). */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  [key: string]: unknown;
}

/**
 * Why generation stopped (reference "Messages", response `stop_reason`; `null` only in a stream's
 * `message_start`).
 */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/**
 * One content block on the wire (`text`, `image`, `document`, `tool_use`, `tool_result`,
 * `thinking`, `redacted_thinking`, `server_tool_use`, `web_search_tool_result`, …), fields verbatim.
 */
export interface AnthropicContentBlock {
  type: string;
  [key: string]: unknown;
}

/** A Messages response (reference "Messages", response body). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  /** An `AnthropicStopReason`, or a newer value carried through verbatim. */
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
  /** Fields of newer API versions (`container`, `context_management`, …), verbatim. */
  [key: string]: unknown;
}
