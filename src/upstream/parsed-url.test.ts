import { describe, expect, it } from 'vitest';
import { parseUpstreamUrl } from './parsed-url.js';
import { endpointOf } from './send-request.js';

describe('parseUpstreamUrl', () => {
  it('parses a URL once per distinct text and shows it without query or user info', () => {
    const text =
      'https://user:pass@generativelanguage.example:8443/v1beta/models/g:streamGenerateContent?key=k1&alt=sse';
    const first = parseUpstreamUrl(text);
    expect(first?.url.href).toBe(new URL(text).href);
    expect(first?.endpoint).toBe(
      'https://generativelanguage.example:8443/v1beta/models/g:streamGenerateContent',
    );
    expect(parseUpstreamUrl(text)).toBe(first);
    expect(parseUpstreamUrl(`${text}2`)).not.toBe(first);
    expect(endpointOf(text)).toBe(first?.endpoint);
  });

  it('gives undefined for text that is not an absolute URL (endpointOf says so)', () => {
    expect(parseUpstreamUrl('not a url')).toBeUndefined();
    expect(parseUpstreamUrl('/v1/messages')).toBeUndefined();
    expect(endpointOf('not a url')).toBe('(invalid URL)');
  });

  it('keeps answering correctly past its bound', () => {
    for (let index = 0; index < 1500; index += 1) {
      expect(
        parseUpstreamUrl(`http://127.0.0.1:${1000 + index}/v1/chat/completions?n=${index}`)?.endpoint,
      ).toBe(`http://127.0.0.1:${1000 + index}/v1/chat/completions`);
    }
  });
});
