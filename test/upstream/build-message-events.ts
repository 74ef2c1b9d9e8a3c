// Renders a scripted assistant message as the Messages API does: one JSON body (Messages API reference,
// "Create a Message" response) or the SSE event flow of "Streaming messages"
// (https://platform.claude.com/docs/en/build-with-claude/streaming): message_start, content blocks
// (content_block_start, content_block_delta…, content_block_stop), message_delta, message_stop.
import type { FakeAnthropicUsage, FakeContentBlock, FakeStopReason } from './fake-reply.js';

/**
 * One server-sent event of a Messages stream: `event` is the SSE event name and equals `data.type`
 * ("Streaming messages", "Event types"); `data` is the JSON payload with wire field names.
 */
export interface AnthropicSseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A fully resolved fake message: what {@link buildMessageJson} and {@link buildMessageEvents} render. */
export interface FakeMessagePlan {
  /** Message id, e.g. `msg_fake_1`. */
  id: string;
  /** Echo of the request's `model`. */
  model: string;
  content: FakeContentBlock[];
  stopReason: FakeStopReason;
  stopSequence: string | null;
  /** Final usage (token counts); `message_delta.usage.output_tokens` carries `output_tokens`. */
  usage: FakeAnthropicUsage;
  /** Leave `usage` out of `message_start` and of the JSON body. */
  omitUsage: boolean;
}

/** What {@link planFakeMessage} needs: ids and counts from the request, overrides from the reply. */
export interface PlanFakeMessageInput {
  id: string;
  model: string;
  content: FakeContentBlock[];
  /** `input_tokens` before overrides: ceil(request body characters / 4). */
  inputTokens: number;
  stopReason?: FakeStopReason | undefined;
  stopSequence?: string | undefined;
  usage?: Partial<FakeAnthropicUsage> | undefined;
  omitUsage?: boolean | undefined;
}

/**
 * Resolves defaults: `stop_reason` is `tool_use` when a tool_use block is present else `end_turn`;
 * usage is `input_tokens` from the request, `output_tokens` from {@link countOutputTokens}, cache counters
 * 0, each overridable by `usage`.
 */
export function planFakeMessage(input: PlanFakeMessageInput): FakeMessagePlan {
  const hasToolUse = input.content.some((block) => block.type === 'tool_use');
  return {
    id: input.id,
    model: input.model,
    content: input.content,
    stopReason: input.stopReason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
    stopSequence: input.stopSequence ?? null,
    usage: {
      input_tokens: input.inputTokens,
      output_tokens: countOutputTokens(input.content),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      ...input.usage,
    },
    omitUsage: input.omitUsage ?? false,
  };
}

/**
 * A deterministic stand-in for a tokenizer: ceil(output characters / 4), counting text, thinking,
 * redacted data and the JSON of tool inputs. Returns an integer token count.
 */
export function countOutputTokens(content: readonly FakeContentBlock[]): number {
  let characters = 0;
  for (const block of content) {
    switch (block.type) {
      case 'text':
        characters += block.text.length;
        break;
      case 'thinking':
        characters += block.thinking.length;
        break;
      case 'redacted_thinking':
        characters += block.data.length;
        break;
      case 'tool_use':
        characters += JSON.stringify(block.input).length;
        break;
      default:
        return assertNever(block);
    }
  }
  return Math.ceil(characters / 4);
}

/**
 * Splits text into pieces of at most `size` characters (Unicode code points, so a surrogate pair is never
 * cut). An empty text gives no pieces; `size` below 1 counts as 1.
 */
export function splitIntoChunks(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const chunks: string[] = [];
  for (let start = 0; start < codePoints.length; start += step) {
    chunks.push(codePoints.slice(start, start + step).join(''));
  }
  return chunks;
}

/** The non-streaming response body (Messages API reference, "Create a Message", 200 response). */
export function buildMessageJson(plan: FakeMessagePlan): Record<string, unknown> {
  const message: Record<string, unknown> = {
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: plan.content.map(toWireBlock),
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
  };
  if (!plan.omitUsage) message['usage'] = { ...plan.usage };
  return message;
}

/**
 * The SSE events of a streamed message, in the reference's order: message_start (empty content, null
 * stop_reason, usage with `output_tokens` ≤ 1), content_block_start of the first block, one `ping` (where the
 * reference's basic stream has it; right after message_start when there is no block), the blocks' deltas and
 * stops, message_delta (stop_reason, stop_sequence, usage.output_tokens) and message_stop.
 * Text and thinking are cut into `textChunkSize`-character deltas.
 */
export function buildMessageEvents(plan: FakeMessagePlan, textChunkSize: number): AnthropicSseEvent[] {
  const events: AnthropicSseEvent[] = [event('message_start', { message: buildStartMessage(plan) })];
  if (plan.content.length === 0) events.push(event('ping', {}));
  plan.content.forEach((block, index) => {
    const blockEvents = buildBlockEvents(block, index, textChunkSize);
    const [start, ...rest] = blockEvents;
    if (start !== undefined) events.push(start);
    if (index === 0) events.push(event('ping', {}));
    events.push(...rest);
  });
  events.push(
    event('message_delta', {
      delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
      usage: { output_tokens: plan.usage.output_tokens },
    }),
    event('message_stop', {}),
  );
  return events;
}

function buildStartMessage(plan: FakeMessagePlan): Record<string, unknown> {
  const message: Record<string, unknown> = {
    id: plan.id,
    type: 'message',
    role: 'assistant',
    content: [],
    model: plan.model,
    stop_reason: null,
    stop_sequence: null,
  };
  if (!plan.omitUsage) {
    message['usage'] = {
      input_tokens: plan.usage.input_tokens,
      cache_creation_input_tokens: plan.usage.cache_creation_input_tokens,
      cache_read_input_tokens: plan.usage.cache_read_input_tokens,
      output_tokens: Math.min(1, plan.usage.output_tokens),
    };
  }
  return message;
}

function buildBlockEvents(
  block: FakeContentBlock,
  index: number,
  textChunkSize: number,
): AnthropicSseEvent[] {
  const start = (contentBlock: Record<string, unknown>): AnthropicSseEvent =>
    event('content_block_start', { index, content_block: contentBlock });
  const delta = (payload: Record<string, unknown>): AnthropicSseEvent =>
    event('content_block_delta', { index, delta: payload });
  const stop = event('content_block_stop', { index });
  switch (block.type) {
    case 'text':
      return [
        start({ type: 'text', text: '' }),
        ...splitIntoChunks(block.text, textChunkSize).map((text) => delta({ type: 'text_delta', text })),
        stop,
      ];
    case 'thinking':
      return [
        start({ type: 'thinking', thinking: '', signature: '' }),
        ...splitIntoChunks(block.thinking, textChunkSize).map((thinking) =>
          delta({ type: 'thinking_delta', thinking }),
        ),
        delta({ type: 'signature_delta', signature: block.signature }),
        stop,
      ];
    case 'redacted_thinking':
      return [start({ type: 'redacted_thinking', data: block.data }), stop];
    case 'tool_use': {
      const pieces = ['', ...splitIntoChunks(JSON.stringify(block.input), textChunkSize)];
      return [
        start({ type: 'tool_use', id: block.id, name: block.name, input: {} }),
        ...pieces.map((partialJson) => delta({ type: 'input_json_delta', partial_json: partialJson })),
        stop,
      ];
    }
    default:
      return assertNever(block);
  }
}

function toWireBlock(block: FakeContentBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    default:
      return assertNever(block);
  }
}

function event(name: string, fields: Record<string, unknown>): AnthropicSseEvent {
  return { event: name, data: { type: name, ...fields } };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled content block: ${JSON.stringify(value)}`);
}
