import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { IrStreamPart } from '../../ir/stream-part.js';
import { EMPTY_IR_USAGE } from '../../ir/usage.js';
import { StreamGuard } from './stream-guard.js';

const USAGE = { inputTokens: 10, outputTokens: 20, cacheReadInputTokens: 3, cacheCreationInputTokens: 0 };

function guardOf(signal: AbortSignal = new AbortController().signal): StreamGuard {
  return new StreamGuard({ upstreamId: 'up', endpoint: 'https://up.example/v1/chat/completions', signal });
}

describe('StreamGuard', () => {
  it('passes parts until finish, records usage and the outcome, then lets nothing through', () => {
    const guard = guardOf();
    expect(guard.outcome).toEqual({ usage: EMPTY_IR_USAGE, outcome: 'failed', firstPartMs: -1 });
    expect(guard.push({ type: 'response-start', id: 'a', model: 'm', usage: { inputTokens: 10 } })).toBe(
      true,
    );
    expect(guard.outcome.firstPartMs).toBeGreaterThanOrEqual(0);
    expect(guard.outcome.usage.inputTokens).toBe(10);
    expect(guard.push({ type: 'text-delta', index: 0, text: 'x' })).toBe(true);
    expect(guard.push({ type: 'usage', usage: { outputTokens: 7 } })).toBe(true);
    expect(guard.outcome.usage).toEqual({ ...EMPTY_IR_USAGE, inputTokens: 10, outputTokens: 7 });
    expect(guard.ended).toBe(false);
    expect(guard.push({ type: 'finish', finishReason: 'end-turn', usage: USAGE })).toBe(true);
    expect(guard.ended).toBe(true);
    expect(guard.outcome).toMatchObject({ outcome: 'complete', usage: USAGE });
    expect(guard.push({ type: 'text-delta', index: 0, text: 'late' })).toBe(false);
    expect(guard.end()).toBeUndefined();
    expect(guard.fail(new Error('late'))).toBeUndefined();
    expect(guard.outcome.outcome).toBe('complete');
  });

  it('ends at an error part, as failed', () => {
    const guard = guardOf();
    const error: IrStreamPart = { type: 'error', error: new GatewayError('upstream_error', 502, 'x') };
    expect(guard.push(error)).toBe(true);
    expect(guard.ended).toBe(true);
    expect(guard.outcome.outcome).toBe('failed');
    expect(guard.push({ type: 'finish', finishReason: 'end-turn', usage: USAGE })).toBe(false);
    expect(guard.outcome.outcome).toBe('failed');
  });

  it('gives a 502 error part when the parts run out early', () => {
    const guard = guardOf();
    guard.push({ type: 'text-delta', index: 0, text: 'x' });
    const part = guard.end();
    expect(part?.type).toBe('error');
    if (part?.type !== 'error') return;
    expect(part.error.status).toBe(502);
    expect(part.error.code).toBe('upstream_error');
    expect(part.error.message).toBe("Upstream 'up' ended the stream before it finished.");
    expect(guard.ended).toBe(true);
    expect(guard.outcome.outcome).toBe('failed');
    expect(guard.end()).toBeUndefined();
  });

  it('turns a thrown GatewayError into an error part with its code and status', () => {
    const guard = guardOf();
    const part = guard.fail(new GatewayError('upstream_error', 503, 'malformed event'));
    expect(part?.type).toBe('error');
    if (part?.type !== 'error') return;
    expect(part.error.status).toBe(503);
    expect(part.error.message).toBe("The stream from upstream 'up' broke off: malformed event");
    expect(guard.outcome.outcome).toBe('failed');
    expect(guard.ended).toBe(true);
  });

  it('classifies other thrown errors as network failures', () => {
    const guard = guardOf();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const part = guard.fail(reset);
    expect(part?.type).toBe('error');
    if (part?.type !== 'error') return;
    expect(part.error).toBeInstanceOf(GatewayError);
    expect(part.error.message.startsWith("The stream from upstream 'up' broke off: ")).toBe(true);
    expect(part.error.status).toBeGreaterThanOrEqual(500);
  });

  it('reports aborted, and no error part, when the client has gone', () => {
    const controller = new AbortController();
    const guard = guardOf(controller.signal);
    guard.push({ type: 'text-delta', index: 0, text: 'x' });
    controller.abort();
    expect(guard.fail(new Error('aborted'))).toBeUndefined();
    expect(guard.outcome.outcome).toBe('aborted');
    expect(guard.ended).toBe(true);
    expect(guard.end()).toBeUndefined();
    expect(guard.push({ type: 'finish', finishReason: 'end-turn', usage: USAGE })).toBe(false);
  });
});
