// The A/A check ("scenario 0"): a second floor process takes the gateway's place and is measured
// against the floor with the method of scenarios 1–5 and scenario 1's request. Both run the same code,
// so every departure of its ratio from 1 is the noise of this machine and this method, in this run:
// the yardstick for how far a load scenario's ratio can be trusted.
import type { MetricRow } from './bench-result.js';
import { smallMessages } from './bench-requests.js';
import type { RunningServer } from './child-processes.js';
import { cpuRows, runLoadRounds, throughputRow } from './scenario-load.js';
import type { ScenarioContext } from './scenario-context.js';
import { startFloor } from './servers.js';

/**
 * Starts a second floor, runs the load rounds of scenario 1's request against the floor and it, and
 * stops it. Its rows (scenario 0: req/s, CPU per request) have no target; a note says what the req/s
 * row's spread means.
 * @param floor the running floor (the pair's first side)
 * @throws when the second floor does not start
 */
export async function runSameServerCheck(
  floor: RunningServer,
  context: ScenarioContext,
): Promise<MetricRow[]> {
  const second = await startFloor(context.upstream.url, context.places, 'second-floor');
  try {
    const requests = smallMessages();
    const rounds = await runLoadRounds(
      '0',
      { floor: requests.floor, gateway: requests.floor },
      { floor, gateway: second },
      context,
    );
    context.raw['scenario0'] = { rounds };
    const row = throughputRow(0, rounds, context.settings.connections);
    const ratio = row.ratio ?? Number.NaN;
    const [low, high] = row.spread ?? [Number.NaN, Number.NaN];
    context.notes.push(
      `Scenario 0 (A/A): a second floor measured ${ratio.toFixed(3)} × the floor (rounds ` +
        `${low.toFixed(2)}–${high.toFixed(2)}), though both run the same code: in this run, noise alone ` +
        `moved a load ratio by ${Math.abs(1 - ratio).toFixed(3)}.`,
    );
    return [row, ...cpuRows(0, rounds)];
  } finally {
    await second.stop();
  }
}
