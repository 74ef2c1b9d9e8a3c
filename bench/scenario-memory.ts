// Scenario 7: resident memory of fresh floor and gateway processes, idle and with many slow streams open.
import { ceilingRow, ratioRow, type MetricRow } from './bench-result.js';
import { slowStream, smallMessagesStream } from './bench-requests.js';
import type { RunningServer } from './child-processes.js';
import { measureOpenStreams, type OpenStreamsMemory } from './measure-memory.js';
import { measureStreams } from './measure-streams.js';
import { progress, type ScenarioContext } from './scenario-context.js';
import { startFloor, startGateway } from './servers.js';

/** Target: bytes of gateway RSS per open stream. */
const BYTES_PER_STREAM_TARGET = 64 * 1024;

/** Runs scenario 7 on servers it starts (and stops) itself. */
export async function runMemoryScenario(context: ScenarioContext): Promise<MetricRow[]> {
  const measured: Record<string, OpenStreamsMemory> = {};
  const starters: Record<'floor' | 'gateway', () => Promise<RunningServer>> = {
    floor: () => startFloor(context.upstream.url, context.places),
    gateway: () => startGateway(context.upstream.url, context.places),
  };
  for (const side of ['floor', 'gateway'] as const) {
    const server = await starters[side]();
    try {
      // Warm-up: the code paths of a streamed request, so idle RSS holds the compiled code.
      const warm = smallMessagesStream()[side];
      await measureStreams(server.url, warm, { requests: 200, concurrency: 10, warmupRequests: 0 });
      const result = await measureOpenStreams(
        server.pid,
        server.url,
        slowStream()[side],
        context.settings.openStreams,
      );
      measured[side] = result;
      progress(
        `7 ${side}: RSS idle ${mib(result.idleRssBytes)}, with ${result.streams} streams ${mib(result.openRssBytes)}, ` +
          `${(result.bytesPerStream / 1024).toFixed(1)} KiB per stream`,
      );
      if (result.failures > 0)
        context.notes.push(`Scenario 7: ${result.failures} streams failed to open (${side}).`);
    } finally {
      await server.stop();
    }
  }
  context.raw['scenario7'] = measured;
  const floor = measured['floor']!;
  const gateway = measured['gateway']!;
  return [
    ratioRow(7, 'RSS idle', 'bytes', floor.idleRssBytes, gateway.idleRssBytes),
    ratioRow(7, `RSS, ${gateway.streams} streams open`, 'bytes', floor.openRssBytes, gateway.openRssBytes),
    ceilingRow(
      7,
      'RSS per open stream',
      'bytes',
      floor.bytesPerStream,
      gateway.bytesPerStream,
      BYTES_PER_STREAM_TARGET,
      '≤ 64 KiB',
    ),
  ];
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
