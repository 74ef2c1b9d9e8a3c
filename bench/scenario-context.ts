// What every scenario runner gets: the settings, the running servers, and where to put notes and raw data.
import type { BenchSettings } from './bench-settings.js';
import type { RunningServer } from './child-processes.js';
import type { ServerPlaces } from './servers.js';

/** Shared state of a run. */
export interface ScenarioContext {
  readonly settings: BenchSettings;
  readonly places: ServerPlaces;
  /** Scratch files (request bodies for autocannon). */
  readonly scratchDir: string;
  readonly upstream: RunningServer;
  /** Warnings for the report. */
  readonly notes: string[];
  /** Raw figures, by scenario key. */
  readonly raw: Record<string, unknown>;
}

/** The two servers under comparison. */
export interface ServerPair {
  readonly floor: RunningServer;
  readonly gateway: RunningServer;
}

/** Prints a progress line. */
export function progress(text: string): void {
  process.stdout.write(`  ${text}\n`);
}
