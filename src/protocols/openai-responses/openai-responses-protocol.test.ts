import { Stream } from 'openai/core/streaming';
import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import type { Response as OpenAIResponse, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { collect, iterate, readEventFixture } from './__fixtures__/stream-test-support.js';
import { unpackReasoningState } from './map-reasoning-item.js';
import { openAIResponsesProtocol } from './openai-responses-protocol.js';

const PROTOCOL = openAIResponsesProtocol;
const TARGET = { providerId: 'openai', model: 'gpt-5.1-codex-max' };
const ENCRYPTED_DONE_PREFIX = 'gAAAAABpPDIVOKrsHNZ0Gw';
const REASONING_ID = 'rs_01830d662ab3856501693c321405c88190be3ab04d5782d5f9';

/** What a Responses SDK client ends up with after reading the gateway's stream. */
async function finalResponseOf(sse: string): Promise<OpenAIResponse> {
  const events = Stream.fromSSEResponse<ResponseStreamEvent>(new Response(sse), new AbortController());
  return ResponseStream.fromReadableStream(events.toReadableStream()).finalResponse();
}

/** The upstream request body a client's next turn becomes, after it replays `output`. */
function nextTurnBody(output: readonly unknown[]): Record<string, unknown> {
  const { request } = PROTOCOL.decodeRequest({
    model: 'codex',
    store: false,
    include: ['reasoning.encrypted_content'],
    reasoning: { effort: 'high', summary: 'auto' },
    input: [
      { role: 'user', content: 'What is (12 + 7) × 3 × 10?' },
      ...output,
      { type: 'function_call_output', call_id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', output: '19' },
    ],
  });
  return PROTOCOL.encodeRequest(request, TARGET).body;
}

function reasoningItemsOf(body: Record<string, unknown>): Record<string, unknown>[] {
  return (body.input as Record<string, unknown>[]).filter((item) => item.type === 'reasoning');
}

describe('openAIResponsesProtocol', () => {
  it('is the openai-responses format', () => {
    expect(PROTOCOL.format).toBe('openai-responses');
  });

  it('multi-turn encrypted reasoning survives upstream stream → client → next request upstream', async () => {
    const parts = PROTOCOL.decodeStream(
      iterate(readEventFixture('openai-responses-reasoning-encrypted.1.chunks.txt')),
      { toolNames: new Map(), ...TARGET, model: TARGET.model },
    );
    const sse = (
      await collect(PROTOCOL.encodeStream(parts, { requestedModel: 'codex', includeUsage: true }))
    ).join('');
    const final = await finalResponseOf(sse);
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);

    const body = nextTurnBody(final.output);
    const [reasoning] = reasoningItemsOf(body);
    expect(reasoning?.id).toBe(REASONING_ID);
    expect(String(reasoning?.encrypted_content).startsWith(ENCRYPTED_DONE_PREFIX)).toBe(true);
    expect(reasoning?.summary).toEqual([
      {
        type: 'summary_text',
        text: "**Calculating step-by-step using calculator**\n\nI'll compute 12 plus 7, then multiply the result by 3, and finally multiply that by 10, reporting the final product.",
      },
    ]);
    const input = body.input as Record<string, unknown>[];
    expect(input.map((item) => item.type)).toEqual([
      'message',
      'reasoning',
      'function_call',
      'function_call_output',
    ]);
    expect(input[2]).toMatchObject({
      call_id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn',
      name: 'calculator',
      arguments: '{"a":12,"b":7,"op":"add"}',
    });
    expect(body).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
  });

  it('multi-turn encrypted reasoning survives upstream JSON → client → next request upstream, unchanged on the way', () => {
    const upstream = {
      id: 'resp_1',
      object: 'response',
      status: 'completed',
      model: 'gpt-5',
      output: [
        { id: 'rs_abc', type: 'reasoning', summary: [], encrypted_content: 'gAAAAB-enc' },
        {
          id: 'fc_abc',
          type: 'function_call',
          status: 'completed',
          call_id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn',
          name: 'calc',
          arguments: '{}',
        },
      ],
      usage: { input_tokens: 10, output_tokens: 20, output_tokens_details: { reasoning_tokens: 16 } },
    };
    const ir = PROTOCOL.decodeResponse(upstream, { toolNames: new Map(), ...TARGET });
    const client = PROTOCOL.encodeResponse(ir, { requestedModel: 'codex', includeUsage: true }) as {
      output: unknown[];
    };
    expect(client.output[0]).toEqual({
      id: 'rs_abc',
      type: 'reasoning',
      summary: [],
      encrypted_content: 'gAAAAB-enc',
    });
    const [reasoning] = reasoningItemsOf(nextTurnBody(client.output));
    expect(reasoning).toEqual({
      type: 'reasoning',
      id: 'rs_abc',
      summary: [],
      encrypted_content: 'gAAAAB-enc',
    });
  });

  it('an Anthropic thinking signature survives a Responses client and is signed by anthropic again', async () => {
    const parts: IrStreamPart[] = [
      { type: 'response-start', id: 'msg_1', model: 'claude-sonnet-4-5' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Think.' },
      { type: 'reasoning-signature', index: 0, signature: { provider: 'anthropic', value: 'EqQBCkYIBxgC' } },
      { type: 'reasoning-end', index: 0 },
      {
        type: 'finish',
        finishReason: 'end-turn',
        usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ];
    const sse = (
      await collect(PROTOCOL.encodeStream(iterate(parts), { requestedModel: 'm', includeUsage: true }))
    ).join('');
    const final = await finalResponseOf(sse);
    const { request } = PROTOCOL.decodeRequest({
      model: 'm',
      input: [...final.output, { role: 'user', content: 'next' }],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'reasoning', text: 'Think.', signature: { provider: 'anthropic', value: 'EqQBCkYIBxgC' } },
    ]);
    // …and an OpenAI upstream does not get it.
    const encoded = PROTOCOL.encodeRequest(request, TARGET);
    expect(reasoningItemsOf(encoded.body)).toEqual([]);
    expect(encoded.warnings.map((warning) => warning.code)).toContain('dropped-reasoning');
  });

  it('decoded reasoning signatures name the upstream provider', async () => {
    const parts = await collect(
      PROTOCOL.decodeStream(iterate(readEventFixture('openai-responses-reasoning-encrypted.1.chunks.txt')), {
        toolNames: new Map(),
        providerId: 'azure-openai',
        model: 'gpt-5',
      }),
    );
    const signature = parts.find((part) => part.type === 'reasoning-signature');
    expect(signature?.type === 'reasoning-signature' ? signature.signature.provider : undefined).toBe(
      'azure-openai',
    );
    expect(
      signature?.type === 'reasoning-signature'
        ? unpackReasoningState(signature.signature.value)?.id
        : undefined,
    ).toBe(REASONING_ID);
  });

  it('previous_response_id → InvalidRequestError (400)', () => {
    expect(() => PROTOCOL.decodeRequest({ model: 'm', input: 'x', previous_response_id: 'resp_1' })).toThrow(
      'previous_response_id is not supported: Switchboard does not store responses; send the whole conversation in `input` (with store: false)',
    );
  });

  it("errors use OpenAI's HTTP envelope", () => {
    expect(PROTOCOL.encodeError(new GatewayError('rate_limited', 429, 'Slow down'))).toEqual({
      error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    });
  });
});
