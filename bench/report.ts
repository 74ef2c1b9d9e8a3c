// Writes a run: bench/RESULTS.md (a Markdown table with the run's facts) and bench/results/<date>-<commit>.json
// plus bench/results/latest.json for comparisons across commits. Partial or quick runs go to bench/out/.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, platform, release, totalmem } from 'node:os';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { REPO_ROOT } from './child-processes.js';
import { SCENARIO_TITLES, type BenchRun, type MetricRow, type MetricUnit } from './bench-result.js';

const BENCH_DIR = path.join(REPO_ROOT, 'bench');

/** Commit (short hash) and whether the working tree differs from it. */
export function gitFacts(): { commit: string; dirty: boolean } {
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--', 'src').length > 0,
    };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

/** CPU model, cores, memory and OS of this machine. */
export function machineFacts(): BenchRun['machine'] {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
  };
}

/** The results table, Markdown. */
export function renderTable(rows: readonly MetricRow[]): string {
  const lines = [
    '| # | scenario | metric | floor | gateway | gateway / floor | target | result |',
    '|---|---|---|--:|--:|--:|---|---|',
  ];
  let previous = -1;
  for (const row of rows) {
    const title = row.scenario === previous ? '' : (SCENARIO_TITLES[row.scenario] ?? '');
    const number = row.scenario === previous ? '' : String(row.scenario);
    previous = row.scenario;
    const result = row.pass === null ? '' : row.pass ? 'pass' : '**miss**';
    lines.push(
      `| ${number} | ${title} | ${row.metric} | ${formatValue(row.floor, row.unit)} | ${formatValue(row.gateway, row.unit)} | ` +
        `${ratioText(row)} | ${row.target ?? ''} | ${result} |`,
    );
  }
  return lines.join('\n');
}

/**
 * A row's gateway / floor ratio: two decimals, three when the row's target is a ratio (0.848 against
 * ≥ 0.85 would print as 0.85 next to "miss"), and the rounds' range when it is their median.
 */
function ratioText(row: MetricRow): string {
  if (row.ratio === null) return '—';
  const ratio = row.ratio.toFixed(row.target?.startsWith('≥') === true ? 3 : 2);
  return row.spread === undefined
    ? ratio
    : `${ratio} (${row.spread[0].toFixed(2)}–${row.spread[1].toFixed(2)})`;
}

/** The whole RESULTS.md text. */
export function renderResults(run: BenchRun): string {
  const missed = run.rows.filter((row) => row.pass === false);
  const machine = run.machine;
  return [
    '# Benchmark results',
    '',
    'The gateway next to the floor, a bare pass-through proxy written with the same HTTP client',
    '(`bench/floor-proxy.ts`), both in front of the same instant upstream (`bench/bench-upstream.ts`) on',
    'loopback, measured in one run. Written by `npm run bench` (`bench/run.ts`); do not edit by hand.',
    '',
    `- Date: ${run.date}`,
    `- Commit: ${run.commit}${run.dirty ? ' (the built gateway included uncommitted changes in src/)' : ''}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os}`,
    `- Node: ${run.node}`,
    `- Gateway: ${run.gatewaySetup}`,
    ...run.method.map((line) => `- ${line}`),
    '',
    renderTable(run.rows),
    '',
    missed.length === 0
      ? 'Every target is met.'
      : `Targets missed: ${missed.map((row) => `${row.scenario} (${row.metric})`).join('; ')}.`,
    ...(run.notes.length === 0 ? [] : ['', 'Notes:', '', ...run.notes.map((note) => `- ${note}`)]),
    '',
  ].join('\n');
}

/**
 * Writes the run. A full run of every scenario: RESULTS.md, results/<date>-<commit>.json and
 * results/latest.json; any other run: out/last-run.json and out/last-run.md.
 * @returns the files written
 */
export async function writeResults(run: BenchRun, complete: boolean): Promise<string[]> {
  // Formatted as the repository's Prettier config would, so `prettier --check .` stays clean.
  const json = await format(JSON.stringify(run), {
    ...(await resolveConfig(path.join(BENCH_DIR, 'results', 'latest.json'))),
    parser: 'json',
  });
  const markdown = renderResults(run);
  if (!complete) {
    const outDir = path.join(BENCH_DIR, 'out');
    await mkdir(outDir, { recursive: true });
    const files = [path.join(outDir, 'last-run.json'), path.join(outDir, 'last-run.md')];
    await writeFile(files[0]!, json);
    await writeFile(files[1]!, markdown);
    return files;
  }
  const resultsDir = path.join(BENCH_DIR, 'results');
  await mkdir(resultsDir, { recursive: true });
  const stamp = `${run.date.slice(0, 10)}-${run.commit}${run.dirty ? '-dirty' : ''}`;
  const files = [
    path.join(BENCH_DIR, 'RESULTS.md'),
    path.join(resultsDir, `${stamp}.json`),
    path.join(resultsDir, 'latest.json'),
  ];
  await writeFile(files[0]!, markdown);
  await writeFile(files[1]!, json);
  await writeFile(files[2]!, json);
  return files;
}

function formatValue(value: number | null, unit: MetricUnit): string {
  if (value === null) return '—';
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} req/s`;
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 'µs':
      return `${Math.round(value).toLocaleString('en-US')} µs`;
    case 'bytes':
      return Math.abs(value) >= 2 ** 20
        ? `${(value / 2 ** 20).toFixed(1)} MiB`
        : `${(value / 1024).toFixed(1)} KiB`;
    default: {
      const unknown: never = unit;
      throw new Error(`unknown unit ${String(unknown)}`);
    }
  }
}
