// The bench's paired-rounds ratio (bench/bench-result.ts) and how the report prints it (bench/report.ts).
import { describe, expect, it } from 'vitest';
import { pairedRatioRow } from '../../bench/bench-result.js';
import { renderTable } from '../../bench/report.js';

describe('pairedRatioRow', () => {
  it("takes the median of the rounds' ratios, not the ratio of the means, and keeps their range", () => {
    // A machine that doubled its speed between rounds: the ratio of the means (2,700 / 3,000 = 0.9)
    // is pulled by the fast round; the rounds' own ratios are 0.5, 0.8 and 1.0.
    const row = pairedRatioRow(
      1,
      'req/s, 50 connections',
      'req/s',
      [1000, 2000, 6000],
      [500, 1600, 6000],
      0.85,
    );
    expect(row.floor).toBe(3000);
    expect(row.gateway).toBe(2700);
    expect(row.ratio).toBe(0.8);
    expect(row.spread).toEqual([0.5, 1]);
    expect(row.pass).toBe(false);
    expect(row.target).toBe('≥ 0.85 × floor');
  });

  it('passes at the target and has no verdict without one', () => {
    expect(pairedRatioRow(1, 'm', 'req/s', [100, 100], [85, 85], 0.85).pass).toBe(true);
    const free = pairedRatioRow(0, 'm', 'req/s', [100, 100], [90, 110]);
    expect(free.pass).toBeNull();
    expect(free.target).toBeNull();
    expect(free.ratio).toBe(1);
  });

  it('refuses rounds that do not pair', () => {
    expect(() => pairedRatioRow(1, 'm', 'req/s', [1, 2], [1])).toThrow(/paired rounds/);
    expect(() => pairedRatioRow(1, 'm', 'req/s', [], [])).toThrow(/paired rounds/);
  });
});

describe('renderTable', () => {
  it('prints the A/A row as scenario 0 and a median ratio with its range', () => {
    const table = renderTable([
      pairedRatioRow(0, 'req/s, 50 connections', 'req/s', [1000, 1000], [950, 1050]),
      pairedRatioRow(1, 'req/s, 50 connections', 'req/s', [1000, 1000], [800, 900], 0.85),
    ]);
    const [, , aa, first] = table.split('\n');
    expect(aa).toContain('| 0 | A/A check');
    expect(aa).toContain('| 1.00 (0.95–1.05) |');
    expect(first).toContain('| 0.850 (0.80–0.90) | ≥ 0.85 × floor | pass |');
  });
});
