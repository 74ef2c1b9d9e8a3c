import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../test/support/seeded-random.js';
import { DROP_REST_TIMEOUT_MS, UPSTREAM_BODY_HIGH_WATER_BYTES, UpstreamBody } from './upstream-body.js';

/** A body with a recording source: how often undici was asked to resume, and the abort reason. */
function bodyWithSource(onResume: (body: UpstreamBody) => void = () => undefined) {
  const source = { resumes: 0, aborted: undefined as Error | undefined };
  const body: UpstreamBody = new UpstreamBody({
    abort: (reason) => {
      source.aborted = reason;
    },
    resume: () => {
      source.resumes += 1;
      onResume(body);
    },
  });
  return { body, source };
}

const bytes = (text: string): Buffer => Buffer.from(text);

describe('UpstreamBody', () => {
  it('reads queued chunks, then waits for the next one, then ends', async () => {
    const { body } = bodyWithSource();
    body.push(bytes('a'));
    body.push(bytes('b'));
    const reader = body[Symbol.asyncIterator]();
    expect(String((await reader.next()).value)).toBe('a');
    expect(String((await reader.next()).value)).toBe('b');
    const waiting = reader.next();
    body.push(bytes('c'));
    expect(String((await waiting).value)).toBe('c');
    const last = reader.next();
    body.end();
    expect(await last).toEqual({ value: undefined, done: true });
    expect(body.receivedEnd).toBe(true);
  });

  it('pauses at the high-water mark and resumes once the reader is under it', async () => {
    const { body, source } = bodyWithSource();
    const half = Buffer.alloc(UPSTREAM_BODY_HIGH_WATER_BYTES / 2);
    expect(body.push(half)).toBe(true);
    expect(body.push(half)).toBe(false);
    const reader = body[Symbol.asyncIterator]();
    await reader.next();
    expect(source.resumes).toBe(1);
    await reader.next();
    expect(source.resumes).toBe(1);
  });

  it('keeps the order when undici delivers chunks from inside resume()', async () => {
    let next = 0;
    const { body } = bodyWithSource((fed) => {
      // undici's resume() parses what the socket holds at once: chunks arrive before it returns.
      fed.push(bytes(`r${next++},`));
      fed.push(bytes(`r${next++},`));
    });
    body.push(Buffer.alloc(UPSTREAM_BODY_HIGH_WATER_BYTES, 'x'));
    body.push(bytes('y,'));
    const reader = body[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(first.value?.byteLength).toBe(UPSTREAM_BODY_HIGH_WATER_BYTES);
    const rest: string[] = [];
    body.end();
    for (let result = await reader.next(); result.done !== true; result = await reader.next()) {
      rest.push(String(result.value));
    }
    expect(rest.join('')).toBe('y,r0,r1,');
  });

  it('rejects the waiting read and later ones when the connection fails, dropping queued chunks', async () => {
    const { body } = bodyWithSource();
    const reader = body[Symbol.asyncIterator]();
    const waiting = reader.next();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    body.fail(reset);
    await expect(waiting).rejects.toBe(reset);
    body.push(bytes('late'));
    await expect(reader.next()).rejects.toBe(reset);
  });

  it('aborts the call when the reader leaves before the end, not after it', async () => {
    const early = bodyWithSource();
    early.body.push(bytes('a'));
    for await (const chunk of early.body) {
      expect(String(chunk)).toBe('a');
      break;
    }
    expect(early.source.aborted?.name).toBe('AbortError');

    const late = bodyWithSource();
    late.body.push(bytes('a'));
    late.body.push(bytes('b'));
    late.body.end();
    for await (const chunk of late.body) {
      expect(String(chunk)).toBe('a');
      break;
    }
    expect(late.source.aborted).toBeUndefined();
  });

  describe('dropRest (the reader is done before the end arrived)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A body read up to its last event, then left with `dropRest`, as a translated stream is. */
    async function leftAfterDropRest(): Promise<ReturnType<typeof bodyWithSource>> {
      const left = bodyWithSource();
      left.body.push(bytes('data: [DONE]\n\n'));
      for await (const chunk of left.body) {
        expect(String(chunk)).toBe('data: [DONE]\n\n');
        left.body.dropRest();
        break;
      }
      return left;
    }

    it('keeps the connection: what comes after is dropped and the end settles it', async () => {
      vi.useFakeTimers();
      const { body, source } = await leftAfterDropRest();
      expect(source.aborted).toBeUndefined();
      expect(body.push(bytes('more'))).toBe(true);
      body.end();
      vi.advanceTimersByTime(DROP_REST_TIMEOUT_MS * 2);
      expect(source.aborted).toBeUndefined();
      expect(body.receivedEnd).toBe(true);
    });

    it('closes the connection when the end has not come in time', async () => {
      vi.useFakeTimers();
      const { body, source } = await leftAfterDropRest();
      vi.advanceTimersByTime(DROP_REST_TIMEOUT_MS - 1);
      expect(source.aborted).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect(source.aborted?.name).toBe('AbortError');
      expect(source.aborted?.message).toContain('did not end');
      body.end();
      expect(body.receivedEnd).toBe(false);
    });

    it('closes the connection when more than 128 KiB still come', async () => {
      vi.useFakeTimers();
      const { body, source } = await leftAfterDropRest();
      for (let index = 0; index < 4; index += 1) body.push(Buffer.alloc(32 * 1024));
      expect(source.aborted).toBeUndefined();
      body.push(bytes('x'));
      expect(source.aborted?.message).toContain('128 KiB');
    });

    it('resumes a connection paused on unread chunks, and counts them as dropped', () => {
      const { body, source } = bodyWithSource();
      expect(body.push(Buffer.alloc(UPSTREAM_BODY_HIGH_WATER_BYTES))).toBe(false);
      body.dropRest(60_000);
      expect(source.resumes).toBe(1);
      for (let index = 0; index < 2; index += 1) body.push(Buffer.alloc(32 * 1024));
      expect(source.aborted).toBeUndefined();
      body.push(bytes('x'));
      expect(source.aborted?.name).toBe('AbortError');
    });

    it('is a no-op once the end has arrived', () => {
      vi.useFakeTimers();
      const { body, source } = bodyWithSource();
      body.end();
      body.dropRest();
      expect(vi.getTimerCount()).toBe(0);
      expect(source.aborted).toBeUndefined();
    });
  });

  it('is read once', async () => {
    const { body } = bodyWithSource();
    body.end();
    expect(await body.bytes()).toEqual(Buffer.alloc(0));
    expect(() => body[Symbol.asyncIterator]()).toThrow(TypeError);
    await expect(body.text()).rejects.toThrow(TypeError);
  });

  it('joins the chunks whole, the text across a split character, without a byte order mark', async () => {
    const single = bodyWithSource().body;
    const only = bytes('{"a":1}');
    single.push(only);
    single.end();
    expect(await single.bytes()).toBe(only);

    const { body } = bodyWithSource();
    const text = bytes('\ufeffcafé ✓');
    const reading = body.text();
    body.push(text.subarray(0, 8));
    body.push(text.subarray(8));
    body.end();
    expect(await reading).toBe('café ✓');
  });

  it('dumps a small body to its end, and aborts past 128 KiB', async () => {
    const small = bodyWithSource();
    small.body.push(Buffer.alloc(1000));
    small.body.end();
    await small.body.dump();
    expect(small.source.aborted).toBeUndefined();

    const large = bodyWithSource();
    const dumping = large.body.dump();
    for (let index = 0; index < 5; index += 1) large.body.push(Buffer.alloc(32 * 1024));
    await dumping;
    expect(large.source.aborted?.name).toBe('AbortError');

    const failing = bodyWithSource();
    const dropped = failing.body.dump();
    failing.body.fail(new Error('reset'));
    await expect(dropped).resolves.toBeUndefined();
  });

  it('gives the bytes in order under any interleaving of chunks, reads and pauses (seeded)', async () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seededRandom(seed);
      const { body } = bodyWithSource();
      const sent: Buffer[] = [];
      const reader = body[Symbol.asyncIterator]();
      const received: Buffer[] = [];
      let pending: Promise<IteratorResult<Buffer>> | undefined;
      for (let step = 0; step < 60; step += 1) {
        if (random(2) === 0) {
          const chunk = Buffer.alloc(1 + random(40_000), step % 251);
          sent.push(chunk);
          body.push(chunk);
        } else if (pending === undefined) {
          pending = reader.next();
        }
        if (pending !== undefined && random(2) === 0) {
          const result = await Promise.race([pending, Promise.resolve(undefined)]);
          if (result !== undefined) {
            if (result.done !== true) received.push(result.value);
            pending = undefined;
          }
        }
      }
      body.end();
      if (pending !== undefined) {
        const result = await pending;
        if (result.done !== true) received.push(result.value);
      }
      for (let result = await reader.next(); result.done !== true; result = await reader.next()) {
        received.push(result.value);
      }
      expect(Buffer.concat(received).equals(Buffer.concat(sent)), `seed ${seed}`).toBe(true);
    }
  });
});
