import { startFakeAnthropicUpstream } from '../upstream/fake-anthropic-upstream.js';
import { startFakeGeminiUpstream } from '../upstream/fake-gemini-upstream.js';
import { startFakeOpenAIChatUpstream } from '../upstream/fake-openai-chat-upstream.js';
import { startFakeOpenAIResponsesUpstream } from '../upstream/fake-openai-responses-upstream.js';
import type { RecordedRequest } from '../upstream/fake-anthropic-upstream.js';

/** The four upstream wire formats of the matrix. */
export type MatrixUpstreamFormat = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

/** The model every matrix upstream serves. */
export const MATRIX_MODEL = 'matrix-model';

/** The tool call every tool scenario scripts, and the result the client sends back. */
export const MATRIX_TOOL = {
  name: 'get_weather',
  input: { city: 'Paris' },
  result: 'sunny, 24 degrees',
} as const;

/** A fake upstream of one format, driven in format-independent terms. */
export interface MatrixUpstream {
  readonly format: MatrixUpstreamFormat;
  /** The config.yaml section that routes `matrix-model` to it. */
  readonly yaml: string;
  readonly requests: () => readonly RecordedRequest[];
  /** Next answer: plain text. */
  replyText(text: string): void;
  /** Next answer: one call of {@link MATRIX_TOOL}. */
  replyToolCall(callId: string): void;
  /** Next answer: reasoning, then text. */
  replyThinking(thought: string, text: string): void;
  /** Whether a recorded request carries the tool result of {@link MATRIX_TOOL}. */
  sawToolResult(request: RecordedRequest): boolean;
  /** Whether a recorded request asked the upstream for reasoning, in its own format's terms. */
  askedForThinking(request: RecordedRequest): boolean;
  reset(): void;
  close(): Promise<void>;
}

const text = (request: RecordedRequest): string => JSON.stringify(request.body ?? {});

/** Starts the fake upstream of one format. */
export async function startMatrixUpstream(format: MatrixUpstreamFormat): Promise<MatrixUpstream> {
  switch (format) {
    case 'anthropic': {
      const fake = await startFakeAnthropicUpstream();
      return {
        format,
        yaml: `claude-api-key:\n  - name: up\n    base-url: "${fake.url}"\n    models: [{ name: ${MATRIX_MODEL} }]\n`,
        requests: () => fake.requests,
        replyText: (answer) => fake.enqueue({ kind: 'message', content: [{ type: 'text', text: answer }] }),
        replyToolCall: (callId) =>
          fake.enqueue({
            kind: 'message',
            content: [
              { type: 'tool_use', id: callId, name: MATRIX_TOOL.name, input: { ...MATRIX_TOOL.input } },
            ],
          }),
        replyThinking: (thought, answer) =>
          fake.enqueue({
            kind: 'message',
            content: [
              { type: 'thinking', thinking: thought, signature: 'sig-matrix' },
              { type: 'text', text: answer },
            ],
          }),
        sawToolResult: (request) =>
          text(request).includes('"tool_result"') && text(request).includes(MATRIX_TOOL.result),
        askedForThinking: (request) =>
          (request.body as { thinking?: { type?: string } }).thinking?.type !== undefined,
        reset: () => fake.reset(),
        close: () => fake.close(),
      };
    }
    case 'openai-chat': {
      const fake = await startFakeOpenAIChatUpstream();
      return {
        format,
        yaml: `openai-compatibility:\n  - name: up\n    base-url: "${fake.url}/v1"\n    models: [{ name: ${MATRIX_MODEL} }]\n`,
        requests: () => fake.requests,
        replyText: (answer) => fake.enqueue({ kind: 'message', content: answer }),
        replyToolCall: (callId) =>
          fake.enqueue({
            kind: 'message',
            toolCalls: [{ id: callId, name: MATRIX_TOOL.name, arguments: JSON.stringify(MATRIX_TOOL.input) }],
            finishReason: 'tool_calls',
          }),
        replyThinking: (thought, answer) =>
          fake.enqueue({
            kind: 'message',
            content: answer,
            reasoning: { text: thought, field: 'reasoning_content' },
          }),
        sawToolResult: (request) =>
          text(request).includes('"role":"tool"') && text(request).includes(MATRIX_TOOL.result),
        askedForThinking: (request) =>
          typeof (request.body as { reasoning_effort?: unknown }).reasoning_effort === 'string',
        reset: () => fake.reset(),
        close: () => fake.close(),
      };
    }
    case 'openai-responses': {
      const fake = await startFakeOpenAIResponsesUpstream();
      return {
        format,
        yaml: `codex-api-key:\n  - name: up\n    api-key: "sk-codex"\n    base-url: "${fake.url}/v1"\n    models: [{ name: ${MATRIX_MODEL} }]\n`,
        requests: () => fake.requests,
        replyText: (answer) => fake.enqueue({ kind: 'message', text: answer }),
        replyToolCall: (callId) =>
          fake.enqueue({
            kind: 'message',
            functionCalls: [{ callId, name: MATRIX_TOOL.name, arguments: JSON.stringify(MATRIX_TOOL.input) }],
          }),
        replyThinking: (thought, answer) =>
          fake.enqueue({
            kind: 'message',
            text: answer,
            reasoning: { summary: thought, encryptedContent: 'enc-matrix' },
          }),
        sawToolResult: (request) =>
          text(request).includes('"function_call_output"') && text(request).includes(MATRIX_TOOL.result),
        askedForThinking: (request) =>
          (request.body as { reasoning?: { effort?: unknown } }).reasoning?.effort !== undefined,
        reset: () => fake.reset(),
        close: () => fake.close(),
      };
    }
    case 'gemini': {
      const fake = await startFakeGeminiUpstream();
      return {
        format,
        yaml: `gemini-api-key:\n  - name: up\n    api-key: "gemini-key"\n    base-url: "${fake.url}"\n    models: [{ name: ${MATRIX_MODEL} }]\n`,
        requests: () => fake.requests,
        replyText: (answer) => fake.enqueue({ kind: 'message', text: answer }),
        replyToolCall: () =>
          fake.enqueue({
            kind: 'message',
            functionCalls: [{ name: MATRIX_TOOL.name, args: { ...MATRIX_TOOL.input } }],
          }),
        replyThinking: (thought, answer) =>
          fake.enqueue({ kind: 'message', text: answer, thoughts: { text: thought } }),
        sawToolResult: (request) =>
          text(request).includes('"functionResponse"') && text(request).includes(MATRIX_TOOL.result),
        askedForThinking: (request) =>
          (request.body as { generationConfig?: { thinkingConfig?: unknown } }).generationConfig
            ?.thinkingConfig !== undefined,
        reset: () => fake.reset(),
        close: () => fake.close(),
      };
    }
  }
}
