import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claudeCodeFixture } from '../../test/fixtures/claude-code-fixtures.js';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import { AnthropicLayoutRecorder } from '../protocols/anthropic/anthropic-layout.js';
import { decodeAnthropicTools } from '../protocols/anthropic/decode-tools.js';
import type { JsonObject } from '../protocols/anthropic/json-value.js';
import { parseJsonObject } from '../protocols/anthropic/parse-request-body.js';
import { deepFreeze } from '../protocols/json/deep-freeze.js';
import { RepeatedMembersParser } from '../protocols/json/repeated-members-parser.js';
import type { InboundContext } from '../protocols/protocol.js';
import { protocolFor } from '../protocols/registry.js';
import type { ModelResolution } from '../routing/resolve-model.js';
import type { RouteTarget } from '../routing/route-table.js';
import { prepareAttempt } from './prepare-attempt.js';

// Claude Code's recorded request (test/fixtures/claude-code/README.md), sent turn after turn to an
// OpenAI Chat upstream: its tools and system prompt come back from the parser as shared, frozen
// values, which the decoder, the encoder and the member bytes cache reuse. Whatever is reused, the
// upstream body must be the bytes a fresh parse, decode and encode give.
const FIXTURE = readFileSync(claudeCodeFixture('messages-request.json'), 'utf8');
const upstream = makeUpstream('openai', { format: 'openai-chat', providerId: 'openai-compatibility' });
const config = makeConfig([upstream]);
const target: RouteTarget = { route: { upstream, isExcluded: () => false }, model: 'gpt-x' };
const resolution: ModelResolution = { requestedModel: 'gpt-x', step: 'exact', candidates: [target] };
const inbound = protocolFor('anthropic');
const context: InboundContext = {};

function upstreamBody(json: Record<string, unknown>): Buffer {
  const prepared = prepareAttempt(
    {
      inbound,
      json,
      rawBody: undefined,
      resolution,
      decode: () => inbound.decodeRequest(json, context),
      config,
    },
    target,
    'openai-compatibility',
  );
  if (prepared.kind !== 'translated') throw new Error('expected a translated attempt');
  return prepared.payload;
}

/** The body with its tools changed as a client might between turns. */
function variant(turn: number): string {
  const body = JSON.parse(FIXTURE) as { tools: JsonObject[]; messages: unknown[] };
  if (turn % 3 === 1) body.tools = body.tools.slice(1);
  if (turn % 3 === 2) body.tools[0] = { ...body.tools[0], description: 'changed between turns é' };
  body.messages = [...body.messages, { role: 'user', content: `turn ${turn}` }];
  return JSON.stringify(body);
}

describe('prepareAttempt: a translated Claude Code request, turn after turn', () => {
  it('gives the bytes of a fresh parse, decode and encode, however much of it was reused', () => {
    const parser = new RepeatedMembersParser({ keys: ['system', 'tools'], minBytes: 1024, maxEntries: 4 });
    for (let turn = 0; turn < 12; turn += 1) {
      const text = turn < 4 ? FIXTURE : variant(turn);
      const shared = parseJsonObject(Buffer.from(text), 'a Messages request', parser);
      const fresh = JSON.parse(text) as Record<string, unknown>;
      expect(upstreamBody(shared).toString('utf8'), `turn ${turn}`).toBe(
        upstreamBody(fresh).toString('utf8'),
      );
    }
  });
});

describe('decodeAnthropicTools on a frozen tools array', () => {
  const tools = (JSON.parse(FIXTURE) as { tools: JsonObject[] }).tools;

  it('decodes it once: the same frozen IR tools, and the same layout records, every time', () => {
    const frozen = deepFreeze(structuredClone(tools));
    const first = new AnthropicLayoutRecorder();
    const second = new AnthropicLayoutRecorder();
    const once = decodeAnthropicTools(frozen, first);
    const again = decodeAnthropicTools(frozen, second);
    expect(again).not.toBe(once);
    again.forEach((tool, index) => expect(tool).toBe(once[index]));
    expect(Object.isFrozen(once[0])).toBe(true);
    expect(second.toExtension()).toEqual(first.toExtension());
    expect(once).toEqual(decodeAnthropicTools(structuredClone(tools), new AnthropicLayoutRecorder()));
  });

  it('decodes an array that is not frozen anew each time (its tools may change)', () => {
    const open = structuredClone(tools);
    const once = decodeAnthropicTools(open, new AnthropicLayoutRecorder());
    const again = decodeAnthropicTools(open, new AnthropicLayoutRecorder());
    expect(again[0]).not.toBe(once[0]);
    expect(Object.isFrozen(once[0])).toBe(false);
  });
});
