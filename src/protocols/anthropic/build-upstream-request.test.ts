import { claudeCodeFixture } from '../../../test/fixtures/claude-code-fixtures.js';
import { makeUpstream } from '../../../test/support/config-factories.js';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { UpstreamConfig } from '../../config/switchboard-config.js';
import { anthropicEndpointUrl, buildAnthropicUpstreamHeaders } from './build-upstream-request.js';

/** A shared-factory upstream `up` at Anthropic's API, with a key sent as `x-api-key`. */
function upstream(fields: Partial<UpstreamConfig> = {}): UpstreamConfig {
  return makeUpstream('up', {
    baseUrl: 'https://api.anthropic.com',
    apiKey: 'sk-upstream',
    authStyle: 'x-api-key',
    origin: 'test',
    ...fields,
  });
}

describe('anthropicEndpointUrl', () => {
  // Expected URLs from each server's documented Anthropic-compatible endpoint.
  it.each([
    ['https://api.anthropic.com', 'messages', '', 'https://api.anthropic.com/v1/messages'],
    [
      'https://api.anthropic.com',
      'messages',
      '?beta=true',
      'https://api.anthropic.com/v1/messages?beta=true',
    ],
    [
      'https://api.anthropic.com',
      'messages/count_tokens',
      '?beta=true',
      'https://api.anthropic.com/v1/messages/count_tokens?beta=true',
    ],
    ['https://api.anthropic.com', 'models', '', 'https://api.anthropic.com/v1/models'],
    ['https://api.deepseek.com/anthropic', 'messages', '', 'https://api.deepseek.com/anthropic/v1/messages'],
    [
      'https://api.deepseek.com/anthropic',
      'messages',
      '?beta=true',
      'https://api.deepseek.com/anthropic/v1/messages?beta=true',
    ],
    ['http://localhost:1234/v1', 'messages', '', 'http://localhost:1234/v1/messages'],
    ['http://localhost:1234/v1', 'messages', '?beta=true', 'http://localhost:1234/v1/messages?beta=true'],
    ['http://localhost:1234/v1', 'models', '', 'http://localhost:1234/v1/models'],
    ['https://openrouter.ai/api/v1', 'messages', '', 'https://openrouter.ai/api/v1/messages'],
    [
      'https://openrouter.ai/api/v1',
      'messages',
      '?beta=true',
      'https://openrouter.ai/api/v1/messages?beta=true',
    ],
    ['http://localhost:11434', 'messages', '', 'http://localhost:11434/v1/messages'],
    ['http://localhost:11434', 'messages', '?beta=true', 'http://localhost:11434/v1/messages?beta=true'],
  ])('%s + %s + %j → %s', (baseUrl, path, search, expected) => {
    expect(anthropicEndpointUrl(baseUrl, path, search)).toBe(expected);
  });

  it('defaults to no query string', () => {
    expect(anthropicEndpointUrl('http://localhost:11434', 'messages')).toBe(
      'http://localhost:11434/v1/messages',
    );
  });
});

describe('buildAnthropicUpstreamHeaders: credentials', () => {
  const inboundCredentials: IncomingHttpHeaders = {
    'x-api-key': 'sk-client-secret',
    authorization: 'Bearer sk-client-bearer',
    'anthropic-auth-token': 'sk-client-token',
    'anthropic-version': '2023-06-01',
  };

  it.each([
    ['x-api-key', 'sk-upstream', { 'x-api-key': 'sk-upstream' }],
    ['bearer', 'sk-upstream', { authorization: 'Bearer sk-upstream' }],
    ['none', 'sk-upstream', {}],
    ['x-api-key', '', {}],
    ['bearer', '', {}],
  ] as const)('auth style %s with key %j sends only %j', (authStyle, apiKey, expected) => {
    const headers = buildAnthropicUpstreamHeaders(inboundCredentials, upstream({ authStyle, apiKey }));
    const credentialHeaders = Object.fromEntries(
      Object.entries(headers).filter(([name]) =>
        ['x-api-key', 'authorization', 'anthropic-auth-token'].includes(name),
      ),
    );
    expect(credentialHeaders).toEqual(expected);
    expect(JSON.stringify(headers)).not.toContain('sk-client');
  });
});

describe('buildAnthropicUpstreamHeaders: version and betas', () => {
  it('sends anthropic-version 2023-06-01 when the client sent none', () => {
    expect(buildAnthropicUpstreamHeaders({}, upstream())['anthropic-version']).toBe('2023-06-01');
  });

  it('passes the client anthropic-version', () => {
    expect(
      buildAnthropicUpstreamHeaders({ 'anthropic-version': '2024-10-22' }, upstream())['anthropic-version'],
    ).toBe('2024-10-22');
  });

  const betas = 'claude-code-20250219, context-1m-2025-08-07 ,interleaved-thinking-2025-05-14';

  it.each<[string, UpstreamConfig['betaPolicy'], string | undefined, string | undefined]>([
    ['pass keeps the header as sent', { mode: 'pass' }, betas, betas],
    ['drop-all removes it', { mode: 'drop-all' }, betas, undefined],
    [
      'drop-listed removes the listed ones, trimming around commas',
      { mode: 'drop-listed', betas: ['context-1m-2025-08-07'] },
      betas,
      'claude-code-20250219,interleaved-thinking-2025-05-14',
    ],
    [
      'drop-listed of every beta removes the header',
      {
        mode: 'drop-listed',
        betas: ['claude-code-20250219', 'context-1m-2025-08-07', 'interleaved-thinking-2025-05-14'],
      },
      betas,
      undefined,
    ],
    ['drop-listed skips empty items', { mode: 'drop-listed', betas: ['x'] }, 'a,, x ,b,', 'a,b'],
    ['drop-listed leaves unlisted betas', { mode: 'drop-listed', betas: ['other'] }, 'a, b', 'a,b'],
    ['no client betas under pass', { mode: 'pass' }, undefined, undefined],
    ['no client betas under drop-listed', { mode: 'drop-listed', betas: ['a'] }, undefined, undefined],
  ])('%s', (_name, betaPolicy, sent, expected) => {
    const inbound: IncomingHttpHeaders = sent === undefined ? {} : { 'anthropic-beta': sent };
    const headers = buildAnthropicUpstreamHeaders(inbound, upstream({ betaPolicy }));
    expect(headers['anthropic-beta']).toBe(expected);
    expect('anthropic-beta' in headers).toBe(expected !== undefined);
  });

  it('joins a repeated anthropic-beta header', () => {
    const headers = buildAnthropicUpstreamHeaders(
      { 'anthropic-beta': ['a', 'b'] } as IncomingHttpHeaders,
      upstream(),
    );
    expect(headers['anthropic-beta']).toBe('a,b');
  });
});

describe('buildAnthropicUpstreamHeaders: pass-through and entry headers', () => {
  const recorded = JSON.parse(readFileSync(claudeCodeFixture('messages-request-headers.json'), 'utf8')) as {
    headers: Record<string, string>;
  };

  it("passes Claude Code's identification headers and nothing hop-by-hop", () => {
    const inbound = recorded.headers;
    const headers = buildAnthropicUpstreamHeaders(inbound, upstream({ apiKey: 'sk-up' }));
    for (const name of Object.keys(inbound).filter((header) => header.startsWith('x-stainless-'))) {
      expect(headers[name]).toBe(inbound[name]);
    }
    expect(headers['x-claude-code-session-id']).toBe(inbound['x-claude-code-session-id']);
    expect(headers['user-agent']).toBe(inbound['user-agent']);
    expect(headers['x-app']).toBe('cli');
    expect(headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(headers['anthropic-beta']).toBe(inbound['anthropic-beta']);
    expect(headers['x-api-key']).toBe('sk-up');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['accept-encoding']).toBe('identity');
    for (const name of ['host', 'connection', 'content-length']) expect(headers).not.toHaveProperty(name);
  });

  it('does not pass other client headers', () => {
    const headers = buildAnthropicUpstreamHeaders(
      { cookie: 'a=b', 'x-forwarded-for': '1.2.3.4' },
      upstream(),
    );
    expect(headers).not.toHaveProperty('cookie');
    expect(headers).not.toHaveProperty('x-forwarded-for');
  });

  it('defaults accept to application/json and passes the client accept', () => {
    expect(buildAnthropicUpstreamHeaders({}, upstream()).accept).toBe('application/json');
    expect(buildAnthropicUpstreamHeaders({ accept: 'text/event-stream' }, upstream()).accept).toBe(
      'text/event-stream',
    );
  });

  it('lets entry headers override anything, whatever the case of their names', () => {
    const headers = buildAnthropicUpstreamHeaders(
      { 'user-agent': 'claude-cli/2.1.197', 'anthropic-version': '2023-06-01' },
      upstream({
        apiKey: 'sk-up',
        headers: {
          'User-Agent': 'switchboard-test',
          'X-Api-Key': 'sk-entry',
          'Anthropic-Version': '2099-01-01',
          'X-Extra': '1',
        },
      }),
    );
    expect(headers['user-agent']).toBe('switchboard-test');
    expect(headers['x-api-key']).toBe('sk-entry');
    expect(headers['anthropic-version']).toBe('2099-01-01');
    expect(headers['x-extra']).toBe('1');
    expect(Object.keys(headers).filter((name) => name !== name.toLowerCase())).toEqual([]);
  });
});
