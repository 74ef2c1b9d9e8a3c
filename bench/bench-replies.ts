// The bench upstream's answers, serialised once at start. Shapes come from the project's fake upstreams,
// whose builders are reused here (not copied, so the two cannot drift):
// - Anthropic: test/upstream/build-message-events.ts, which follows the Messages API reference ("Create a
//   Message" for the JSON body; "Streaming messages", https://platform.claude.com/docs/en/build-with-claude/
//   streaming, for the SSE flow message_start, content_block_start, ping, content_block_delta…,
//   content_block_stop, message_delta, message_stop);
// - OpenAI Chat: test/upstream/openai-chat-build-chunks.ts ("The chat completion chunk object", the function
//   calling guide's "Streaming" section, `stream_options.include_usage`) and openai-chat-build-completion.ts.
import {
  buildMessageEvents,
  buildMessageJson,
  planFakeMessage,
  type AnthropicSseEvent,
} from '../test/upstream/build-message-events.js';
import type { FakeContentBlock } from '../test/upstream/fake-reply.js';
import { buildChatCompletionChunks } from '../test/upstream/openai-chat-build-chunks.js';
import {
  buildChatCompletionJson,
  planChatCompletion,
} from '../test/upstream/openai-chat-build-completion.js';

/** Characters per streamed text delta (and per tool-argument piece). */
export const DELTA_CHARACTERS = 16;
/** Streamed events (Anthropic) or chunks (OpenAI) carrying content per response. */
export const STREAM_PIECES = 200;

/** Every answer of the bench upstream, as the bytes written on the wire. */
export interface BenchReplies {
  /** `POST /v1/messages`, non-streaming: a Message JSON body. */
  readonly anthropicJson: Buffer;
  /** `POST /v1/messages`, streaming: {@link STREAM_PIECES} text deltas. */
  readonly anthropicStreamText: Buffer;
  /** `POST /v1/messages`, streaming: text deltas then a tool_use block, {@link STREAM_PIECES} deltas in all. */
  readonly anthropicStreamTool: Buffer;
  /** `POST /v1/chat/completions`, non-streaming: a chat.completion JSON body. */
  readonly openaiJson: Buffer;
  /** `POST /v1/chat/completions`, streaming: role chunk, content chunks, finish and usage chunks, [DONE]. */
  readonly openaiStreamText: Buffer;
  /** Same, the last {@link STREAM_PIECES} minus content chunks being tool call fragments. */
  readonly openaiStreamTool: Buffer;
  /** Slow stream: what is written at once (message_start, content_block_start, ping, a first delta). */
  readonly slowHead: Buffer;
  /** Slow stream: the delta written every second. */
  readonly slowDelta: Buffer;
}

const MODEL = 'claude-bench';
const TOOL_NAME = 'Bash';
const TOOL_INPUT = {
  command: "grep -rn 'TODO' src --include='*.ts' | sort | head -n 50 && git status --short && ls -la src",
  description: 'List the TODO comments of the TypeScript sources, the working tree status and the files',
  timeout: 120000,
};
const FILLER = 'The quick brown fox jumps over the lazy dog while the gateway streams tokens. ';

/** Builds every reply once; the upstream only writes these buffers. */
export function buildBenchReplies(): BenchReplies {
  const toolArguments = JSON.stringify(TOOL_INPUT);
  const toolPieces = Math.ceil(toolArguments.length / DELTA_CHARACTERS);
  const fullText = textOf(STREAM_PIECES);
  // Anthropic tool stream: one empty input_json_delta, then the pieces (build-message-events.ts).
  const toolText = textOf(STREAM_PIECES - toolPieces - 1);
  const message = (content: FakeContentBlock[]) =>
    planFakeMessage({ id: 'msg_bench_1', model: MODEL, content, inputTokens: 1000 });
  const textMessage = message([{ type: 'text', text: fullText }]);
  const toolMessage = message([
    { type: 'text', text: toolText },
    { type: 'tool_use', id: 'toolu_bench_1', name: TOOL_NAME, input: TOOL_INPUT },
  ]);
  // OpenAI tool stream: role chunk, content chunks, the call's first fragment, its argument pieces.
  const chatText = (content: string, toolCalls: { name: string; arguments: string }[]) =>
    planChatCompletion(
      { kind: 'message', content, toolCalls },
      { completionNumber: 1, model: MODEL, promptTokens: 1000 },
    );
  const chunkOptions = {
    chunkSize: DELTA_CHARACTERS,
    argumentsChunkSize: DELTA_CHARACTERS,
    includeUsage: true,
    usageOnEveryChunk: false,
    toolCallNameLate: false,
    interleaveToolCalls: false,
  };
  const chatTextPlan = chatText(textOf(STREAM_PIECES - 1), []);
  const chatToolPlan = chatText(textOf(STREAM_PIECES - 2 - toolPieces), [
    { name: TOOL_NAME, arguments: toolArguments },
  ]);
  const slowEvents = buildMessageEvents(message([{ type: 'text', text: textOf(1) }]), DELTA_CHARACTERS);
  return {
    anthropicJson: Buffer.from(
      JSON.stringify(buildMessageJson(message([{ type: 'text', text: textOf(12) }]))),
    ),
    anthropicStreamText: anthropicSse(buildMessageEvents(textMessage, DELTA_CHARACTERS)),
    anthropicStreamTool: anthropicSse(buildMessageEvents(toolMessage, DELTA_CHARACTERS)),
    openaiJson: Buffer.from(JSON.stringify(buildChatCompletionJson(chatText(textOf(12), [])))),
    openaiStreamText: openaiSse(buildChatCompletionChunks(chatTextPlan, chunkOptions)),
    openaiStreamTool: openaiSse(buildChatCompletionChunks(chatToolPlan, chunkOptions)),
    // message_start, content_block_start, ping, the first text delta: the stream is open and flowing.
    slowHead: anthropicSse(slowEvents.slice(0, 4)),
    slowDelta: anthropicSse(slowEvents.slice(3, 4)),
  };
}

/** `pieces` × {@link DELTA_CHARACTERS} characters of filler text. */
function textOf(pieces: number): string {
  const length = pieces * DELTA_CHARACTERS;
  return FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length);
}

function anthropicSse(events: readonly AnthropicSseEvent[]): Buffer {
  return Buffer.from(
    events.map((item) => `event: ${item.event}\ndata: ${JSON.stringify(item.data)}\n\n`).join(''),
  );
}

function openaiSse(chunks: readonly Record<string, unknown>[]): Buffer {
  return Buffer.from(
    chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n',
  );
}
