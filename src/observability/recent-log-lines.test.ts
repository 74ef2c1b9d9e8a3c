import { describe, expect, it } from 'vitest';
import { RecentLogLines } from './recent-log-lines.js';

describe('RecentLogLines', () => {
  it('keeps the latest lines, oldest first, up to its capacity', () => {
    const recent = new RecentLogLines(3);
    expect(recent.lines()).toEqual([]);
    for (const line of ['a', 'b', 'c', 'd', 'e']) recent.push(line);
    expect(recent.size).toBe(3);
    expect(recent.lines()).toEqual(['c', 'd', 'e']);
    expect(recent.lines(2)).toEqual(['d', 'e']);
    expect(recent.lines(10)).toEqual(['c', 'd', 'e']);
    expect(recent.lines(0)).toEqual([]);
  });

  it('splits written chunks into lines and skips empty ones', () => {
    const recent = new RecentLogLines(10);
    expect(recent.write('{"a":1}\n')).toBe(true);
    recent.write(Buffer.from('{"b":2}\n\n{"c":3}\n'));
    expect(recent.lines()).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    recent.clear();
    expect(recent.lines()).toEqual([]);
    expect(recent.size).toBe(0);
  });

  it('has a capacity of at least one line', () => {
    const recent = new RecentLogLines(0);
    recent.push('x');
    recent.push('y');
    expect(recent.capacity).toBe(1);
    expect(recent.lines()).toEqual(['y']);
  });
});
