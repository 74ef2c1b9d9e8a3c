import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { anthropicCountTokensRequestSchema, anthropicMessagesRequestSchema } from '../anthropic/wire.js';
import { deepFreeze } from './deep-freeze.js';
import { acceptsWithSharedMembers } from './shared-members-check.js';

const FIXTURE = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../../test/fixtures/claude-code/messages-request.json'),
    'utf8',
  ),
) as Record<string, unknown>;

/** A body like the parser gives: `system` and `tools` deep-frozen (shared), the rest fresh. */
function sharedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(FIXTURE), system: SYSTEM, tools: TOOLS, ...overrides };
}
const SYSTEM = deepFreeze(structuredClone(FIXTURE.system));
const TOOLS = deepFreeze(structuredClone(FIXTURE.tools));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('acceptsWithSharedMembers', () => {
  it('gives the verdict of the whole schema, on valid and broken bodies alike', () => {
    const random = seededRandom(7);
    const breakers: ((body: Record<string, unknown>) => void)[] = [
      () => undefined,
      (body) => delete body.model,
      (body) => (body.max_tokens = -1),
      (body) => (body.messages = [{ role: 'robot', content: 'hi' }]),
      (body) => (body.tools = deepFreeze([{ description: 'no name' }])),
      (body) => (body.system = deepFreeze([{ text: 'no type' }])),
      (body) => (body.system = deepFreeze('a plain system prompt')),
      (body) => (body.tools = deepFreeze([])),
      (body) => (body.stream = 'yes'),
    ];
    for (let trial = 0; trial < 200; trial += 1) {
      const body = sharedBody();
      const picked = breakers[random(breakers.length)] as (body: Record<string, unknown>) => void;
      picked(body);
      for (const schema of [anthropicMessagesRequestSchema, anthropicCountTokensRequestSchema]) {
        const verdict = acceptsWithSharedMembers(body, schema);
        const whole = schema.safeParse(body).success;
        if (typeof body.system === 'object' || typeof body.tools === 'object') {
          expect(verdict).toBe(whole);
        }
      }
    }
  });

  it('checks a shared value once, whatever body it comes in', () => {
    const toolsSchema = anthropicMessagesRequestSchema.shape.tools;
    const check = vi.spyOn(toolsSchema, 'safeParse');
    const shared = deepFreeze(structuredClone(FIXTURE.tools));
    for (let turn = 0; turn < 3; turn += 1) {
      expect(acceptsWithSharedMembers(sharedBody({ tools: shared }), anthropicMessagesRequestSchema)).toBe(
        true,
      );
    }
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('does not apply to bodies without frozen members, or to schemas it cannot split', () => {
    expect(
      acceptsWithSharedMembers(structuredClone(FIXTURE), anthropicMessagesRequestSchema),
    ).toBeUndefined();
    const strict = z.strictObject({ model: z.string(), tools: z.array(z.unknown()).optional() });
    expect(acceptsWithSharedMembers({ model: 'm', tools: TOOLS }, strict)).toBeUndefined();
    const refined = z
      .looseObject({ model: z.string(), tools: z.array(z.unknown()).optional() })
      .refine((body) => body.model !== 'x');
    expect(acceptsWithSharedMembers({ model: 'x', tools: TOOLS }, refined)).toBeUndefined();
    expect(acceptsWithSharedMembers('text', anthropicMessagesRequestSchema)).toBeUndefined();
  });
});
