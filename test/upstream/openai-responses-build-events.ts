// Renders a Responses plan as the server-sent events of a streamed response: "Streaming events"
// (https://platform.openai.com/docs/api-reference/responses-streaming), in the order a recorded API stream
// sends them (__fixtures__/openai-responses-reasoning-function-call.sse): response.created, response.in_progress,
// each output item from output_item.added to output_item.done, then response.completed / response.incomplete.
import { splitIntoChunks } from './build-message-events.js';
import {
  OPENAI_RESPONSES_ERROR_EVENT,
  OPENAI_RESPONSES_FAILED_ERROR,
} from './fake-openai-responses-reply.js';
import {
  buildOutputItem,
  buildOutputTextPart,
  buildResponseObject,
  buildSummaryPart,
  type OpenAIResponsesPlan,
  type OpenAIResponsesPlannedItem,
} from './openai-responses-build-response.js';

/**
 * One server-sent event of a Responses stream: `event` is the SSE event name and equals `data.type`; `data` is
 * the JSON payload with wire field names, `sequence_number` included. Same shape as the Anthropic fake's
 * `AnthropicSseEvent`, so `formatSseEvent` (send-fake-reply.ts) writes it as `event: <type>\ndata: <json>\n\n`.
 */
export interface OpenAIResponsesSseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An event payload before numbering: `type` plus its fields. */
type Payload = { type: string } & Record<string, unknown>;

/**
 * Every event of a successful stream, `sequence_number` counting from 0 by 1 (as the recorded stream does):
 * 1. `response.created`, `response.in_progress` (status `in_progress`, `output: []`, `usage: null`);
 * 2. per output item, at its `output_index`, per {@link buildItemPayloads};
 * 3. `response.completed`, or `response.incomplete` when the plan is incomplete (the final response object).
 * Text, summary and argument deltas are `chunkSize` characters long (code points, never split).
 */
export function buildResponseEvents(plan: OpenAIResponsesPlan, chunkSize: number): OpenAIResponsesSseEvent[] {
  const inProgress = buildResponseObject(plan, 'in_progress');
  const payloads: Payload[] = [
    { type: 'response.created', response: inProgress },
    { type: 'response.in_progress', response: inProgress },
    ...plan.items.flatMap((item, outputIndex) => buildItemPayloads(plan, item, outputIndex, chunkSize)),
    {
      type: plan.incomplete ? 'response.incomplete' : 'response.completed',
      response: buildResponseObject(plan, 'final'),
    },
  ];
  return numberEvents(payloads, 0);
}

/**
 * The end of a failed stream, numbered from `firstSequenceNumber`: the reference's `error` event
 * (`{type, code, message, param, sequence_number}`) and `response.failed` (status `failed`, `error`
 * `{code: "server_error", message}`, `output: []`, `usage: null`), as a recorded failing stream ends.
 */
export function buildFailureEvents(
  plan: OpenAIResponsesPlan,
  firstSequenceNumber: number,
): OpenAIResponsesSseEvent[] {
  const failure = { ...OPENAI_RESPONSES_FAILED_ERROR };
  return numberEvents(
    [
      { type: 'error', ...OPENAI_RESPONSES_ERROR_EVENT },
      { type: 'response.failed', response: buildResponseObject(plan, 'failed', failure) },
    ],
    firstSequenceNumber,
  );
}

/**
 * The events of one output item (without `sequence_number`):
 * - message: `output_item.added` (empty content), `content_part.added` (`output_text`, `text: ""`),
 *   `output_text.delta`… (`logprobs: []`), `output_text.done`, `content_part.done`, `output_item.done`;
 * - function_call: `output_item.added` (`arguments: ""`), `function_call_arguments.delta`…,
 *   `function_call_arguments.done` (with `name`, as the reference's field table requires), `output_item.done`;
 * - reasoning: `output_item.added` (`summary: []`), when there is a summary `reasoning_summary_part.added`,
 *   `reasoning_summary_text.delta`…, `reasoning_summary_text.done`, `reasoning_summary_part.done`; then
 *   `output_item.done` (with `encrypted_content` when planned).
 */
export function buildItemPayloads(
  plan: OpenAIResponsesPlan,
  item: OpenAIResponsesPlannedItem,
  outputIndex: number,
  chunkSize: number,
): Payload[] {
  const at = { item_id: item.id, output_index: outputIndex };
  const added: Payload = {
    type: 'response.output_item.added',
    output_index: outputIndex,
    item: buildOutputItem(item, 'added', plan.incomplete),
  };
  const done: Payload = {
    type: 'response.output_item.done',
    output_index: outputIndex,
    item: buildOutputItem(item, 'done', plan.incomplete),
  };
  switch (item.type) {
    case 'message': {
      const part = { ...at, content_index: 0 };
      const deltas = splitIntoChunks(item.text, chunkSize).map((delta): Payload => ({
        type: 'response.output_text.delta',
        ...part,
        delta,
        logprobs: [],
      }));
      return [
        added,
        { type: 'response.content_part.added', ...part, part: buildOutputTextPart('') },
        ...deltas,
        { type: 'response.output_text.done', ...part, text: item.text, logprobs: [] },
        { type: 'response.content_part.done', ...part, part: buildOutputTextPart(item.text) },
        done,
      ];
    }
    case 'function_call': {
      const deltas = splitIntoChunks(item.arguments, chunkSize).map((delta): Payload => ({
        type: 'response.function_call_arguments.delta',
        ...at,
        delta,
      }));
      const argumentsDone: Payload = {
        type: 'response.function_call_arguments.done',
        ...at,
        name: item.name,
        arguments: item.arguments,
      };
      return [added, ...deltas, argumentsDone, done];
    }
    case 'reasoning': {
      if (item.summary === '') return [added, done];
      const summary = { ...at, summary_index: 0 };
      const deltas = splitIntoChunks(item.summary, chunkSize).map((delta): Payload => ({
        type: 'response.reasoning_summary_text.delta',
        ...summary,
        delta,
      }));
      return [
        added,
        { type: 'response.reasoning_summary_part.added', ...summary, part: buildSummaryPart('') },
        ...deltas,
        { type: 'response.reasoning_summary_text.done', ...summary, text: item.summary },
        { type: 'response.reasoning_summary_part.done', ...summary, part: buildSummaryPart(item.summary) },
        done,
      ];
    }
    default:
      return assertNever(item);
  }
}

/** Adds `sequence_number` (from `first`, by 1) right after `type`, as the recorded stream orders its keys. */
function numberEvents(payloads: readonly Payload[], first: number): OpenAIResponsesSseEvent[] {
  return payloads.map(({ type, ...fields }, position) => ({
    event: type,
    data: { type, sequence_number: first + position, ...fields },
  }));
}

function assertNever(value: never): never {
  throw new Error(`Unhandled output item: ${JSON.stringify(value)}`);
}
