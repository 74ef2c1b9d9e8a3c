// Prints where a V8 CPU profile written by `node --cpu-prof` spends its time (e.g. the gateway's, from
// `npm run bench -- --profile`): top self time by function and by file / package, and the inclusive
// time of the gateway's own functions (dist/), as shares of the busy (non-idle) time. Frames of the
// bundle (`dist/switchboard.cjs`) are named by their source file (`src/…`, or the bundled package)
// through the bundle's source map (`dist/switchboard.cjs.map`, written by the build).
// Usage: tsx bench/summarize-profile.ts <file.cpuprofile> [count]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type KeyOf = (node: ProfileNode) => string | undefined;

/** Time (µs) per key: self time, or with `inclusive` the time of samples anywhere under a node of that key. */
function timeByKey(profile: CpuProfile, keyOf: KeyOf, inclusive: boolean): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const keys = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
      const node = byId.get(current);
      const key = node === undefined ? undefined : keyOf(node);
      if (key !== undefined) keys.add(key);
      if (!inclusive) break;
    }
    for (const key of keys) totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  return [...totals.entries()].sort((left, right) => right[1] - left[1]);
}

/** Source maps of the profiled bundles, by URL (`null`: the file has none next to it). */
const sourceMaps = new Map<string, SourceMap | null>();

function sourceMapOf(url: string): SourceMap | undefined {
  if (!url.endsWith('.cjs') || !url.startsWith('file://')) return undefined;
  let map = sourceMaps.get(url);
  if (map === undefined) {
    const file = `${fileURLToPath(url)}.map`;
    map = existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload) : null;
    sourceMaps.set(url, map);
  }
  return map ?? undefined;
}

/** The frame's source file and line (1-based) through its bundle's source map, when it has one. */
function originalOf(frame: ProfileNode['callFrame']): { file: string; line: number } | undefined {
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry === undefined || !('originalSource' in entry)) return undefined;
  const source = entry.originalSource;
  const at = Math.max(source.lastIndexOf('/src/'), source.lastIndexOf('/node_modules/'));
  return { file: at >= 0 ? source.slice(at + 1) : source, line: entry.originalLine + 1 };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node core';
  return shortUrl(url);
}

/** The source file of a frame (its bundle's source file when mapped), as `packageOf` names it. */
function fileKey(node: ProfileNode): string {
  const frame = node.callFrame;
  if (frame.url === '') return functionKey(node);
  const original = originalOf(frame);
  if (original === undefined) return packageOf(frame.url);
  return original.file.startsWith('node_modules/') ? packageOf(original.file) : original.file;
}

function functionKey(node: ProfileNode): string {
  const frame = node.callFrame;
  const original = originalOf(frame);
  const where =
    original !== undefined
      ? ` ${original.file}:${original.line}`
      : frame.url === ''
        ? ''
        : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  return `${frame.functionName === '' ? '(anonymous)' : frame.functionName}${where}`;
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: summarize-profile.ts <file.cpuprofile> [count]');
const count = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
const idle = timeByKey(profile, functionKey, false).find(([key]) => key === '(idle)')?.[1] ?? 0;
const busy = total - idle;
process.stdout.write(
  `${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy; shares of busy time\n`,
);
const print = (title: string, rows: [string, number][]): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, micros] of rows.filter(([key]) => key !== '(idle)').slice(0, count)) {
    process.stdout.write(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${key}\n`);
  }
};
print('Self time by function', timeByKey(profile, functionKey, false));
print('Self time by file / package', timeByKey(profile, fileKey, false));
print(
  'Inclusive time of gateway functions (dist/)',
  timeByKey(profile, (node) => (node.callFrame.url.includes('/dist/') ? functionKey(node) : undefined), true),
);
