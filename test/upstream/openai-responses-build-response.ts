// Resolves a scripted Responses reply into a plan (ids, output items, usage, request echo) and renders it as
// "The response object" (https://platform.openai.com/docs/api-reference/responses/object) and its output items.
// The streamed rendering of the same plan is in openai-responses-build-events.ts.
import type {
  FakeOpenAIResponsesMessageReply,
  FakeOpenAIResponsesUsage,
  FakeOpenAIResponsesUsageOverrides,
} from './fake-openai-responses-reply.js';

/** One planned output item, ids resolved. `arguments` is the raw (possibly malformed) string. */
export type OpenAIResponsesPlannedItem =
  | { type: 'reasoning'; id: string; summary: string; encryptedContent: string | undefined }
  | { type: 'message'; id: string; text: string }
  | { type: 'function_call'; id: string; callId: string; name: string; arguments: string };

/**
 * The request fields a response object echoes, with the defaults "Create a model response" documents
 * (`store` true, `temperature` 1, `top_p` 1, `truncation` "disabled", `parallel_tool_calls` true, `tool_choice`
 * "auto", `text.format` text); wire field names.
 */
export interface OpenAIResponsesRequestEcho {
  instructions: unknown;
  max_output_tokens: unknown;
  parallel_tool_calls: unknown;
  previous_response_id: unknown;
  reasoning: { effort: unknown; summary: unknown };
  store: unknown;
  temperature: unknown;
  text: unknown;
  tool_choice: unknown;
  tools: unknown;
  top_p: unknown;
  truncation: unknown;
  user: unknown;
  metadata: unknown;
}

/** A fully resolved response: what {@link buildResponseObject} and the event builder render. */
export interface OpenAIResponsesPlan {
  /** `resp_fake_<n>`. */
  id: string;
  /** Unix time in seconds. */
  createdAt: number;
  /** Echo of the request's `model`. */
  model: string;
  items: OpenAIResponsesPlannedItem[];
  /** Final status `incomplete` (reason `max_output_tokens`) instead of `completed`. */
  incomplete: boolean;
  usage: FakeOpenAIResponsesUsage;
  echo: OpenAIResponsesRequestEcho;
}

/** What {@link planOpenAIResponse} needs besides the reply. */
export interface PlanOpenAIResponseInput {
  /** Sequence number of this response on the fake (1, 2, …): names every id. */
  responseNumber: number;
  model: string;
  /** `input_tokens` before overrides: ceil(request body characters / 4). */
  inputTokens: number;
  /** The request's `include` has `reasoning.encrypted_content`. */
  includeEncryptedReasoning: boolean;
  echo: OpenAIResponsesRequestEcho;
}

/**
 * Resolves ids (`resp_fake_<n>`, `rs_fake_<n>`, `msg_fake_<n>`, `fc_fake_<n>_<i>`, call ids
 * `call_fake_<n>_<i>`), the output items in order (reasoning, message, function calls) and the usage.
 */
export function planOpenAIResponse(
  reply: FakeOpenAIResponsesMessageReply,
  input: PlanOpenAIResponseInput,
): OpenAIResponsesPlan {
  const number = input.responseNumber;
  const items: OpenAIResponsesPlannedItem[] = [];
  const reasoning = reply.reasoning;
  if (reasoning !== undefined) {
    const id = `rs_fake_${number}`;
    const generated = input.includeEncryptedReasoning ? encryptReasoning(id, reasoning.summary) : undefined;
    items.push({
      type: 'reasoning',
      id,
      summary: reasoning.summary,
      encryptedContent: reasoning.encryptedContent ?? generated,
    });
  }
  const calls = reply.functionCalls ?? [];
  const text = reply.text ?? '';
  if (text !== '' || calls.length === 0) items.push({ type: 'message', id: `msg_fake_${number}`, text });
  for (const [index, call] of calls.entries()) {
    items.push({
      type: 'function_call',
      id: `fc_fake_${number}_${index}`,
      callId: call.callId ?? `call_fake_${number}_${index}`,
      name: call.name,
      arguments: call.arguments,
    });
  }
  const outputCharacters = items.reduce((sum, item) => sum + countCharacters(item), 0);
  return {
    id: `resp_fake_${number}`,
    createdAt: Math.floor(Date.now() / 1000),
    model: input.model,
    items,
    incomplete: reply.incomplete ?? false,
    usage: computeResponsesUsage({
      inputTokens: input.inputTokens,
      outputCharacters,
      reasoningCharacters: reasoning?.summary.length ?? 0,
      overrides: reply.usage,
    }),
    echo: input.echo,
  };
}

/** What {@link computeResponsesUsage} counts: input tokens, output and reasoning characters, overrides. */
export interface ComputeResponsesUsageInput {
  inputTokens: number;
  /** Characters of message text, reasoning summary and function call names + arguments. */
  outputCharacters: number;
  reasoningCharacters: number;
  overrides?: FakeOpenAIResponsesUsageOverrides | undefined;
}

/**
 * A deterministic stand-in for a tokenizer: `output_tokens` = ceil(output characters / 4) (the summary included,
 * as `output_tokens_details.reasoning_tokens` is a part of it), `reasoning_tokens` = ceil(summary characters /
 * 4), `cached_tokens` 0, `total_tokens` the sum; each overridable. Integer token counts.
 */
export function computeResponsesUsage(input: ComputeResponsesUsageInput): FakeOpenAIResponsesUsage {
  const overrides = input.overrides ?? {};
  const inputTokens = overrides.input_tokens ?? input.inputTokens;
  const outputTokens = overrides.output_tokens ?? Math.ceil(input.outputCharacters / 4);
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0, ...overrides.input_tokens_details },
    output_tokens: outputTokens,
    output_tokens_details: {
      reasoning_tokens: Math.ceil(input.reasoningCharacters / 4),
      ...overrides.output_tokens_details,
    },
    total_tokens: overrides.total_tokens ?? inputTokens + outputTokens,
  };
}

/** Which moment of a response to render: streaming (`in_progress`), finished, or failed. */
export type OpenAIResponsesStage = 'in_progress' | 'final' | 'failed';

/**
 * "The response object", keyed as the reference example: `id`, `object`, `created_at`, `status`, `error`,
 * `incomplete_details`, `instructions`, `max_output_tokens`, `model`, `output`, `parallel_tool_calls`,
 * `previous_response_id`, `reasoning{effort, summary}`, `store`, `temperature`, `text`, `tool_choice`, `tools`,
 * `top_p`, `truncation`, `usage`, `user`, `metadata`. `in_progress` (response.created / .in_progress) has no
 * output and `usage: null`; `failed` carries `error` and no output (the reference's response.failed example).
 */
export function buildResponseObject(
  plan: OpenAIResponsesPlan,
  stage: OpenAIResponsesStage,
  failure?: { code: string; message: string },
): Record<string, unknown> {
  const status =
    stage === 'final'
      ? plan.incomplete
        ? 'incomplete'
        : 'completed'
      : stage === 'failed'
        ? 'failed'
        : 'in_progress';
  const finished = stage === 'final';
  const { echo } = plan;
  return {
    id: plan.id,
    object: 'response',
    created_at: plan.createdAt,
    status,
    error: stage === 'failed' ? (failure ?? null) : null,
    incomplete_details: finished && plan.incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    model: plan.model,
    output: finished ? plan.items.map((item) => buildOutputItem(item, 'done', plan.incomplete)) : [],
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: echo.previous_response_id,
    reasoning: echo.reasoning,
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_p: echo.top_p,
    truncation: echo.truncation,
    usage: finished ? plan.usage : null,
    user: echo.user,
    metadata: echo.metadata,
  };
}

/**
 * One output item as `response.output_item.added` (`added`: empty content / summary, `arguments: ""`,
 * status `in_progress`) or `.done` and the final `output` (`done`) carry it. Message:
 * `{type, id, status, role, content[{type: "output_text", text, annotations: []}]}`; function call:
 * `{type, id, call_id, name, arguments, status}`; reasoning: `{id, type, summary[], encrypted_content?}`.
 */
export function buildOutputItem(
  item: OpenAIResponsesPlannedItem,
  moment: 'added' | 'done',
  incomplete: boolean,
): Record<string, unknown> {
  const added = moment === 'added';
  switch (item.type) {
    case 'message': {
      const status = added ? 'in_progress' : incomplete ? 'incomplete' : 'completed';
      const content = added ? [] : [buildOutputTextPart(item.text)];
      return { type: 'message', id: item.id, status, role: 'assistant', content };
    }
    case 'function_call':
      return {
        type: 'function_call',
        id: item.id,
        call_id: item.callId,
        name: item.name,
        arguments: added ? '' : item.arguments,
        status: added ? 'in_progress' : 'completed',
      };
    case 'reasoning': {
      const summary = added || item.summary === '' ? [] : [buildSummaryPart(item.summary)];
      const reasoning: Record<string, unknown> = { id: item.id, type: 'reasoning', summary };
      if (!added && item.encryptedContent !== undefined)
        reasoning['encrypted_content'] = item.encryptedContent;
      return reasoning;
    }
    default:
      return assertNever(item);
  }
}

/** An `output_text` content part (`annotations` always empty). */
export function buildOutputTextPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [] };
}

/** A reasoning `summary_text` part. */
export function buildSummaryPart(text: string): Record<string, unknown> {
  return { type: 'summary_text', text };
}

/**
 * The request fields echoed by the response object, with the reference's defaults when absent: see
 * {@link OpenAIResponsesRequestEcho}. Values are echoed as sent (the fake validates nothing).
 */
export function resolveRequestEcho(body: Record<string, unknown>): OpenAIResponsesRequestEcho {
  const reasoning = isRecord(body['reasoning']) ? body['reasoning'] : {};
  return {
    instructions: body['instructions'] ?? null,
    max_output_tokens: body['max_output_tokens'] ?? null,
    parallel_tool_calls: body['parallel_tool_calls'] ?? true,
    previous_response_id: body['previous_response_id'] ?? null,
    reasoning: { effort: reasoning['effort'] ?? null, summary: reasoning['summary'] ?? null },
    store: body['store'] ?? true,
    temperature: body['temperature'] ?? 1,
    text: body['text'] ?? { format: { type: 'text' } },
    tool_choice: body['tool_choice'] ?? 'auto',
    tools: body['tools'] ?? [],
    top_p: body['top_p'] ?? 1,
    truncation: body['truncation'] ?? 'disabled',
    user: body['user'] ?? null,
    metadata: body['metadata'] ?? {},
  };
}

/** An opaque stand-in for encrypted reasoning tokens (real ones are Fernet tokens, starting `gAAAAA`). */
function encryptReasoning(id: string, summary: string): string {
  return `gAAAAABfake_${Buffer.from(`${id}:${summary}`).toString('base64url')}`;
}

function countCharacters(item: OpenAIResponsesPlannedItem): number {
  switch (item.type) {
    case 'reasoning':
      return item.summary.length;
    case 'message':
      return item.text.length;
    case 'function_call':
      return item.name.length + item.arguments.length;
    default:
      return assertNever(item);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled output item: ${JSON.stringify(value)}`);
}
