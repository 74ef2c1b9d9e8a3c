import { describe, expect, it } from 'vitest';
import type { IrStreamPart } from '../../ir/stream-part.js';
import {
  decodeEvents,
  deltaText,
  finishOf,
  readChunkFixture,
  toolCallsOf,
} from './__fixtures__/stream-test-support.js';

describe('decodeOpenAIChatStream: reference streams', () => {
  it('text (chunk object example)', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-text.1.chunks.txt'));
    expect(parts).toEqual([
      { type: 'response-start', id: 'chatcmpl-123', model: 'gpt-4o-mini' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-end', index: 0 },
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ]);
  });

  // Updated for live tool-call streaming: the arguments used to arrive as one delta at
  // finish_reason; now each upstream fragment is its own delta (see decode-stream-live-tools.test.ts).
  it('one tool call in fragments (function calling guide), streamed live', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-tool-call.1.chunks.txt'));
    const delta = (json: string): IrStreamPart => ({ type: 'tool-input-delta', index: 0, json });
    expect(parts.slice(0, 10)).toEqual([
      { type: 'response-start', id: 'chatcmpl-123', model: 'gpt-4.1' },
      { type: 'tool-input-start', index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather' },
      ...['{"', 'location', '":"', 'Paris', ',', ' France', '"}'].map(delta),
      { type: 'tool-input-end', index: 0 },
    ]);
    expect(finishOf(parts).finishReason).toBe('tool-use');
  });

  it.each(['openai-chat-parallel-tool-calls.1.chunks.txt', 'openai-chat-parallel-tool-calls.2.chunks.txt'])(
    'two parallel calls, sequential or interleaved by index (%s)',
    async (name) => {
      const { parts } = await decodeEvents(readChunkFixture(name));
      expect(toolCallsOf(parts)).toEqual([
        { id: 'call_12345xyz', name: 'get_weather', input: { location: 'Paris, France' } },
        { id: 'call_67890abc', name: 'get_weather', input: { location: 'Bogotá, Colombia' } },
      ]);
      expect(finishOf(parts).finishReason).toBe('tool-use');
    },
  );

  it('a tool name arriving in a later fragment', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-tool-call-late-name.1.chunks.txt'));
    expect(toolCallsOf(parts)).toEqual([
      { id: 'call_late1', name: 'get_weather', input: { location: 'Paris' } },
    ]);
  });

  it('the include_usage chunk (choices: [])', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-usage.1.chunks.txt'));
    const usage = {
      inputTokens: 176,
      outputTokens: 12,
      cacheReadInputTokens: 1024,
      cacheCreationInputTokens: 0,
      reasoningTokens: 4,
    };
    expect(parts.filter((part) => part.type === 'usage')).toEqual([{ type: 'usage', usage }]);
    expect(finishOf(parts)).toEqual({ type: 'finish', finishReason: 'end-turn', usage });
  });

  it('usage on every chunk (vLLM continuous_usage_stats) does not disturb the tool call', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-per-chunk-usage.1.chunks.txt'));
    expect(toolCallsOf(parts)).toEqual([
      { id: 'chatcmpl-tool-1', name: 'get_weather', input: { location: 'Paris' } },
    ]);
    expect(parts.filter((part) => part.type === 'tool-input-start')).toHaveLength(1);
    expect(parts.filter((part) => part.type === 'usage').length).toBeGreaterThan(3);
    expect(finishOf(parts)).toMatchObject({
      finishReason: 'tool-use',
      usage: { inputTokens: 50, outputTokens: 10 },
    });
  });

  it('DeepSeek reasoning_content, then content', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-reasoning-content.1.chunks.txt'));
    expect(parts.map((part) => part.type)).toEqual([
      'response-start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'usage',
      'finish',
    ]);
    expect(deltaText(parts, 'reasoning-delta')).toBe('Compare 9.11 and 9.8.');
    expect(deltaText(parts, 'text-delta')).toBe('9.8 is greater.');
    expect(finishOf(parts).usage).toEqual({
      inputTokens: 20,
      outputTokens: 30,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      reasoningTokens: 22,
    });
  });

  it('Kimi reasoning_content before a tool call, usage inside the choice', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-reasoning-content.2.chunks.txt'));
    expect(deltaText(parts, 'reasoning-delta')).toBe('The user wants the weather; call get_weather.');
    expect(parts.findIndex((part) => part.type === 'reasoning-end')).toBeLessThan(
      parts.findIndex((part) => part.type === 'tool-input-start'),
    );
    expect(toolCallsOf(parts)).toEqual([
      { id: 'functions.get_weather:0', name: 'get_weather', input: { location: 'Paris' } },
    ]);
    expect(finishOf(parts)).toMatchObject({
      finishReason: 'tool-use',
      usage: { inputTokens: 16, cacheReadInputTokens: 64, outputTokens: 25 },
    });
  });

  it('OpenRouter reasoning', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-openrouter-reasoning.1.chunks.txt'));
    expect(deltaText(parts, 'reasoning-delta')).toBe('**Executing both tools**');
    expect(deltaText(parts, 'text-delta')).toBe('5 and 6.');
    expect(finishOf(parts).usage.reasoningTokens).toBe(64);
  });

  it('Groq <think> tags split across chunks', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-think-tags.1.chunks.txt'));
    expect(deltaText(parts, 'reasoning-delta')).toBe('\nThe user says hi; greet back.\n');
    expect(deltaText(parts, 'text-delta')).toBe('Hello! 1 < 2.');
    expect(parts.findIndex((part) => part.type === 'reasoning-end')).toBeLessThan(
      parts.findIndex((part) => part.type === 'text-start'),
    );
  });

  it('a mid-stream error chunk (OpenRouter) ends the stream with an error', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-error.1.chunks.txt'));
    expect(deltaText(parts, 'text-delta')).toBe('Hel');
    const last = parts[parts.length - 1];
    expect(last?.type).toBe('error');
    if (last?.type === 'error') {
      expect(last.error.message).toBe(
        "Upstream 'openai' failed mid-stream: Provider disconnected unexpectedly",
      );
      expect(last.error.status).toBe(502);
    }
  });

  it('vLLM stop_reason → stop-sequence', async () => {
    const { parts } = await decodeEvents(readChunkFixture('openai-chat-stop-reason.1.chunks.txt'));
    expect(finishOf(parts)).toMatchObject({ finishReason: 'stop-sequence', stopSequence: ', 4' });
  });
});
