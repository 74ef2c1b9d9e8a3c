import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import {
  logRawPayload,
  logRawSseEvent,
  RAW_PAYLOAD_MAX_LENGTH,
  rawPayloadLogFor,
} from './raw-payload-log.js';
import { SecretRegistry } from './secret-registry.js';

function capture(secrets?: SecretRegistry): {
  logger: ReturnType<typeof createLogger>;
  lines: () => Record<string, unknown>[];
} {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'info', destination, secrets });
  return {
    logger,
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const flags = (rawApiPayloads: boolean, rawSseEvents: boolean) => ({
  logging: { rawApiPayloads, rawSseEvents },
});

describe('raw payload logging', () => {
  it('logs nothing while the flags are off (the default)', () => {
    const { logger, lines } = capture();
    logRawPayload(logger, flags(false, false), {
      requestId: 'req_1',
      direction: 'client-request',
      body: '{}',
    });
    logRawSseEvent(logger, flags(false, false), {
      requestId: 'req_1',
      direction: 'upstream',
      event: 'data: {}\n\n',
    });
    expect(rawPayloadLogFor(logger, flags(false, false), 'req_1')).toBeUndefined();
    expect(lines()).toEqual([]);
  });

  it('logs bodies (bytes or text) with their direction when LOG_RAW_API_PAYLOADS is on', () => {
    const { logger, lines } = capture();
    const raw = rawPayloadLogFor(logger, flags(true, false), 'req_2');
    raw?.payload('client-request', Buffer.from('{"model":"m"}'));
    raw?.payload('upstream-response', '{"ok":true}');
    raw?.sseEvent('client', 'data: {}\n\n');
    expect(lines()).toMatchObject([
      {
        msg: 'raw api payload',
        requestId: 'req_2',
        direction: 'client-request',
        body: '{"model":"m"}',
        length: 13,
      },
      { msg: 'raw api payload', requestId: 'req_2', direction: 'upstream-response', body: '{"ok":true}' },
    ]);
  });

  it('logs SSE events when LOG_RAW_SSE_EVENTS is on, and cuts very long text', () => {
    const { logger, lines } = capture();
    const raw = rawPayloadLogFor(logger, flags(false, true), 'req_3');
    raw?.payload('upstream-request', '{}');
    raw?.sseEvent('upstream', 'event: ping\ndata: {"type":"ping"}\n\n');
    raw?.sseEvent('client', 'x'.repeat(RAW_PAYLOAD_MAX_LENGTH + 10));
    const logged = lines();
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({
      msg: 'raw sse event',
      direction: 'upstream',
      event: 'event: ping\ndata: {"type":"ping"}\n\n',
    });
    expect(logged[1]).toMatchObject({ truncated: true, length: RAW_PAYLOAD_MAX_LENGTH + 10 });
    expect(String(logged[1]?.event)).toHaveLength(RAW_PAYLOAD_MAX_LENGTH);
  });

  it('never lets a configured secret inside a body through', () => {
    const { logger, lines } = capture(new SecretRegistry(['sk-body-secret-1']));
    logRawPayload(logger, flags(true, true), {
      requestId: 'req_4',
      direction: 'upstream-request',
      body: '{"note":"my key is sk-body-secret-1"}',
    });
    expect(JSON.stringify(lines())).not.toContain('sk-body-secret-1');
    expect(lines()[0]?.body).toBe('{"note":"my key is [redacted]"}');
  });
});
