// CPU time a server process has used so far, read from /proc (Linux only): the whole process's (every
// thread: V8's helper threads run GC beside the main one) and its main thread's, the one that saturates
// under load. The bench's load rounds and compare-cpu.ts turn two readings into CPU per request.
import { readFileSync } from 'node:fs';

/** CPU time (user + system) used so far, ms: the whole process's, and its main thread's. */
export interface CpuTimes {
  readonly process: number;
  readonly main: number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * User + system time of one /proc stat line, ms: fields 14 and 15 of proc(5) `/proc/<pid>/stat`,
 * counted after the command name (which is in parentheses and may hold spaces).
 * @throws when the text is not a stat line
 */
export function statLineCpuMs(text: string): number {
  const closing = text.lastIndexOf(') ');
  const fields = text.slice(closing + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (closing < 0 || !Number.isFinite(user) || !Number.isFinite(system)) {
    throw new Error(`not a /proc stat line: ${text.slice(0, 60)}`);
  }
  return ((user + system) * 1000) / TICKS_PER_SECOND;
}

/**
 * The process's and its main thread's CPU time so far (`/proc/<pid>/stat`, `/proc/<pid>/task/<pid>/stat`).
 * @returns undefined where /proc cannot be read (not Linux, or the process is gone)
 */
export function readCpuTimes(pid: number): CpuTimes | undefined {
  try {
    return {
      process: statLineCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      main: statLineCpuMs(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU µs per request between two readings of the same process.
 * @param requests requests served between the readings (≥ 1)
 * @returns undefined when either reading is missing or no request was served
 */
export function cpuPerRequestUs(
  before: CpuTimes | undefined,
  after: CpuTimes | undefined,
  requests: number,
): CpuTimes | undefined {
  if (before === undefined || after === undefined || requests <= 0) return undefined;
  return {
    process: ((after.process - before.process) * 1000) / requests,
    main: ((after.main - before.main) * 1000) / requests,
  };
}
