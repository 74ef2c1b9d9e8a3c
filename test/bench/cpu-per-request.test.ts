// CPU per request in the bench: reading /proc stat lines (bench/process-cpu.ts), the rows of paired
// load rounds (bench/scenario-load.ts) and how the report prints them (bench/report.ts).
import { describe, expect, it } from 'vitest';
import { cpuPerRequestUs, readCpuTimes, statLineCpuMs } from '../../bench/process-cpu.js';
import { renderTable } from '../../bench/report.js';
import { cpuRows, type LoadRound, type LoadRounds } from '../../bench/scenario-load.js';

/** A proc(5) stat line with `utime` and `stime` (fields 14 and 15) in clock ticks. */
function statLine(command: string, utime: number, stime: number): string {
  const after = [
    'S',
    '1',
    '2',
    '3',
    '0',
    '-1',
    '4194560',
    '100',
    '0',
    '0',
    '0',
    String(utime),
    String(stime),
  ];
  return `4242 (${command}) ${[...after, '0', '0', '20', '0', '11', '0', '123456'].join(' ')}\n`;
}

function round(requestsPerSecond: number, main?: number, processUs?: number): LoadRound {
  return {
    requestsPerSecond,
    p50Ms: 1,
    p99Ms: 2,
    requests: requestsPerSecond * 3,
    failures: 0,
    cpuPerRequestUs: main === undefined ? undefined : { main, process: processUs ?? main },
  };
}

describe('statLineCpuMs', () => {
  it('adds user and system ticks (100 per second) after a command name that holds spaces and parentheses', () => {
    expect(statLineCpuMs(statLine('node', 250, 50))).toBe(3000);
    expect(statLineCpuMs(statLine('V8 Default (worker) ) x', 1, 2))).toBe(30);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => statLineCpuMs('no fields here')).toThrow(/not a \/proc stat line/);
  });
});

describe('readCpuTimes and cpuPerRequestUs', () => {
  it.runIf(process.platform === 'linux')('reads this process, and its main thread within it', () => {
    const times = readCpuTimes(process.pid);
    expect(times).toBeDefined();
    expect(times!.process).toBeGreaterThanOrEqual(times!.main);
  });

  it('is undefined for a process that does not exist', () => {
    expect(readCpuTimes(2 ** 30)).toBeUndefined();
  });

  it('turns two readings (ms) into µs per request, and nothing without both or without requests', () => {
    const before = { process: 1000, main: 800 };
    const after = { process: 1600, main: 1100 };
    expect(cpuPerRequestUs(before, after, 1000)).toEqual({ process: 600, main: 300 });
    expect(cpuPerRequestUs(undefined, after, 1000)).toBeUndefined();
    expect(cpuPerRequestUs(before, after, 0)).toBeUndefined();
  });
});

describe('cpuRows', () => {
  it("gives the main thread's and the process's µs per request, with the median of the rounds' ratios", () => {
    const rounds: LoadRounds = {
      floor: [round(1000, 400, 500), round(1000, 500, 600), round(1000, 400, 500)],
      gateway: [round(500, 1000, 1200), round(500, 1000, 1100), round(500, 1200, 1500)],
    };
    const [main, whole] = cpuRows(4, rounds);
    expect(main).toMatchObject({ scenario: 4, metric: 'CPU per request, main thread', unit: 'µs' });
    expect(main!.floor).toBeCloseTo(433.33, 1);
    expect(main!.gateway).toBeCloseTo(1066.67, 1);
    expect(main!.ratio).toBe(2.5);
    expect(main!.spread).toEqual([2, 3]);
    expect(main!.target).toBeNull();
    expect(whole).toMatchObject({ metric: 'CPU per request, process', ratio: 2.4 });
  });

  it('has no rows when a round has no CPU figures', () => {
    expect(cpuRows(1, { floor: [round(1000, 400)], gateway: [round(900)] })).toEqual([]);
    expect(cpuRows(1, { floor: [], gateway: [] })).toEqual([]);
  });

  it('prints as µs in the table', () => {
    const rounds: LoadRounds = { floor: [round(1000, 1234.4)], gateway: [round(900, 2469)] };
    const table = renderTable(cpuRows(1, rounds));
    expect(table).toContain('| CPU per request, main thread | 1,234 µs | 2,469 µs | 2.00 (2.00–2.00) |');
  });
});
