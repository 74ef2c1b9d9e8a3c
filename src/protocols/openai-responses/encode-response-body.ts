import { createHash } from 'node:crypto';
import type { IrSignature } from '../../ir/part.js';
import type { OpenAIResponsesUsageBody } from './map-usage.js';
import { clientReasoningFields, clientRedactedContent } from './map-reasoning-item.js';

/** An output item as sent to clients. */
export type ResponsesOutputItemBody = Record<string, unknown>;

/** `error` of a failed response (reference: `ResponseError`). */
export interface ResponsesErrorBody {
  code: string;
  message: string;
}

/**
 * The response object as sent to clients (reference: "The response object"). The gateway does not
 * echo request parameters (`instructions`, `tools`, `temperature`, …): they are given their
 * defaults (`null`, `[]`, `auto`), as the SDKs' types allow.
 */
export interface ResponsesResponseBody {
  id: string;
  object: 'response';
  /** Unix time, seconds. */
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  error: ResponsesErrorBody | null;
  incomplete_details: { reason: string } | null;
  instructions: null;
  max_output_tokens: null;
  model: string;
  output: ResponsesOutputItemBody[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: null; summary: null };
  store: false;
  temperature: null;
  text: { format: { type: 'text' } };
  tool_choice: 'auto';
  tools: [];
  top_p: null;
  truncation: 'disabled';
  usage: OpenAIResponsesUsageBody | null;
  user: null;
  metadata: Record<string, never>;
}

/** The varying fields of a response object. */
export interface ResponseBodyFields {
  readonly id: string;
  readonly model: string;
  /** Unix time, seconds. */
  readonly createdAt: number;
  readonly status: ResponsesResponseBody['status'];
  readonly output: readonly ResponsesOutputItemBody[];
  readonly usage?: OpenAIResponsesUsageBody | undefined;
  readonly error?: ResponsesErrorBody | undefined;
  readonly incompleteDetails?: { readonly reason: string } | null | undefined;
}

/** A response object with the reference's fields, defaults for the request echoes. */
export function encodeResponseBody(fields: ResponseBodyFields): ResponsesResponseBody {
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails == null ? null : { reason: fields.incompleteDetails.reason },
    instructions: null,
    max_output_tokens: null,
    model: fields.model,
    output: [...fields.output],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: fields.usage ?? null,
    user: null,
    metadata: {},
  };
}

/** A Responses-style id: `resp_<id>` (kept as is when it already has the prefix). */
export function responsesId(id: string): string {
  return id.startsWith('resp_') ? id : `resp_${id}`;
}

/**
 * A deterministic item id, `<prefix>_<32 hex digits of SHA-256(responseId:outputIndex)>`
 * (`msg_…`, `fc_…`, `rs_…`, as OpenAI names its items).
 */
export function outputItemId(prefix: 'msg' | 'fc' | 'rs', responseId: string, outputIndex: number): string {
  return `${prefix}_${createHash('sha256').update(`${responseId}:${outputIndex}`).digest('hex').slice(0, 32)}`;
}

/** An `output_text` content part (reference: `ResponseOutputText`). */
export function outputTextPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [] };
}

/** A `message` output item of `output_text` parts. */
export function messageItem(id: string, texts: readonly string[], status: string): ResponsesOutputItemBody {
  return { id, type: 'message', status, role: 'assistant', content: texts.map(outputTextPart) };
}

/** A `function_call` output item (reference: `ResponseFunctionToolCall`). */
export function functionCallItem(
  id: string,
  call: { readonly callId: string; readonly name: string; readonly arguments: string },
  status: string,
): ResponsesOutputItemBody {
  return {
    id,
    type: 'function_call',
    status,
    arguments: call.arguments,
    call_id: call.callId,
    name: call.name,
  };
}

/**
 * A `reasoning` output item: summary from the IR text, `id` / `encrypted_content` from the
 * signature (`clientReasoningFields`).
 * @param original give OpenAI's own id and encrypted content back unchanged (JSON answers)
 */
export function reasoningItem(
  generatedId: string,
  text: string,
  signature: IrSignature | undefined,
  original: boolean,
): ResponsesOutputItemBody {
  const fields = clientReasoningFields(signature, generatedId, original);
  return {
    id: fields.id,
    type: 'reasoning',
    summary: text === '' ? [] : [{ type: 'summary_text', text }],
    ...(fields.encrypted_content === undefined ? {} : { encrypted_content: fields.encrypted_content }),
  };
}

/** A `reasoning` output item carrying redacted reasoning (`sbr1.<provider>.<data>`). */
export function redactedReasoningItem(id: string, provider: string, data: string): ResponsesOutputItemBody {
  return { id, type: 'reasoning', summary: [], encrypted_content: clientRedactedContent(provider, data) };
}
