import { describe, expect, it } from 'vitest';
import { isValidToolName, shortenToolName, ToolNameShortener } from './shorten-tool-names.js';

const GRAMMAR = /^[a-zA-Z0-9_-]{1,64}$/;

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.: /é漢🙂';

function randomName(next: () => number): string {
  const length = 1 + Math.floor(next() * 120);
  let name = next() < 0.3 ? 'mcp__server__' : '';
  for (let i = 0; i < length; i++) name += [...ALPHABET][Math.floor(next() * [...ALPHABET].length)] ?? '_';
  return name;
}

describe('isValidToolName', () => {
  it.each([
    ['get_weather', true],
    ['a-b_C9', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['mcp.server.tool', false],
    ['server:tool', false],
    ['has space', false],
    ['café', false],
  ])('%j → %s', (name, valid) => {
    expect(isValidToolName(name)).toBe(valid);
  });
});

describe('shortenToolName', () => {
  it('keeps a readable prefix and adds a hash, within the limit', () => {
    const name = `mcp__github__${'create_or_update_file_contents_'.repeat(3)}`;
    const short = shortenToolName(name, 64);
    expect(short).toMatch(GRAMMAR);
    expect(short.length).toBe(64);
    expect(short.startsWith('mcp__github__create_or_update')).toBe(true);
    expect(shortenToolName(name, 64)).toBe(short);
  });

  it('replaces characters outside the grammar', () => {
    expect(shortenToolName('files.read: all', 64)).toMatch(/^files_read__all_[0-9a-f]{8}$/);
  });

  it('differs per attempt', () => {
    expect(shortenToolName('a.b', 64, 1)).not.toBe(shortenToolName('a.b', 64, 0));
  });
});

describe('ToolNameShortener', () => {
  it('round-trips 100 random names: valid, unique, mapped back', () => {
    const next = random(20240601);
    const names = new Set<string>();
    while (names.size < 100) names.add(randomName(next));
    const shortener = new ToolNameShortener();
    shortener.reserve(names);
    const upstream = new Map<string, string>();
    for (const name of names) upstream.set(name, shortener.toUpstream(name));
    expect(new Set(upstream.values()).size).toBe(names.size);
    for (const [client, sent] of upstream) {
      expect(sent).toMatch(GRAMMAR);
      expect(shortener.toUpstream(client)).toBe(sent);
      expect(isValidToolName(client) ? sent : shortener.renamed.get(sent)).toBe(client);
    }
    expect([...shortener.renamed.keys()].every((name) => !names.has(name) || !isValidToolName(name))).toBe(
      true,
    );
  });

  it('leaves valid names alone and records only renamed ones', () => {
    const shortener = new ToolNameShortener();
    expect(shortener.toUpstream('Read')).toBe('Read');
    const short = shortener.toUpstream('mcp.fs.read');
    expect(short).not.toBe('mcp.fs.read');
    expect([...shortener.renamed]).toEqual([[short, 'mcp.fs.read']]);
  });

  it('never takes a name the request already uses', () => {
    const clash = shortenToolName('a.b', 64);
    const shortener = new ToolNameShortener();
    shortener.reserve([clash, 'a.b']);
    const short = shortener.toUpstream('a.b');
    expect(short).not.toBe(clash);
    expect(short).toBe(shortenToolName('a.b', 64, 1));
    expect(shortener.toUpstream(clash)).toBe(clash);
  });

  it('honours a smaller limit', () => {
    const shortener = new ToolNameShortener(20);
    const short = shortener.toUpstream('a_very_long_tool_name_indeed');
    expect(short.length).toBeLessThanOrEqual(20);
    expect(shortener.renamed.get(short)).toBe('a_very_long_tool_name_indeed');
  });
});
