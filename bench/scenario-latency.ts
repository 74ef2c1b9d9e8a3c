// Scenario 6: the latency one idle request gains through the gateway (and through the floor), next to
// the same request sent to the upstream directly.
import { ceilingRow, ratioRow, type MetricRow } from './bench-result.js';
import { smallMessages } from './bench-requests.js';
import { measureSequential } from './measure-sequential.js';
import { progress, type ScenarioContext, type ServerPair } from './scenario-context.js';
import { median } from './stats.js';

/** Target: gateway − direct, ms. */
const ADDED_LATENCY_TARGET_MS = 0.25;

/** Runs scenario 6; rows: median latency (floor vs gateway) and added latency over direct. */
export async function runLatencyScenario(
  servers: ServerPair,
  context: ScenarioContext,
): Promise<MetricRow[]> {
  const request = smallMessages();
  const results = await measureSequential(
    [
      { name: 'direct', url: context.upstream.url, request: request.floor },
      { name: 'floor', url: servers.floor.url, request: request.floor },
      { name: 'gateway', url: servers.gateway.url, request: request.gateway },
    ],
    context.settings.sequential,
  );
  const direct = results['direct']!;
  const floor = results['floor']!;
  const gateway = results['gateway']!;
  for (const [name, result] of Object.entries(results)) {
    progress(
      `6 ${name}: median of medians ${result.medianOfMediansMs.toFixed(3)} ms ` +
        `(rounds ${result.roundMediansMs.map((value) => value.toFixed(3)).join(', ')})`,
    );
    if (result.failures > 0) context.notes.push(`Scenario 6: ${result.failures} failed requests (${name}).`);
  }
  context.raw['scenario6'] = results;
  context.notes.push(
    `Scenario 6: the upstream answered directly in ${direct.medianOfMediansMs.toFixed(3)} ms (median of medians).`,
  );
  // Paired by round, as the load ratios (decision 0013): a round in which the machine was slow
  // for all three targets moves their differences much less than their medians.
  const addedMs = (result: typeof direct): number =>
    median(result.roundMediansMs.map((ms, round) => ms - (direct.roundMediansMs[round] ?? Number.NaN)));
  return [
    ratioRow(6, 'median latency', 'ms', floor.medianOfMediansMs, gateway.medianOfMediansMs),
    ceilingRow(
      6,
      'added latency vs direct',
      'ms',
      addedMs(floor),
      addedMs(gateway),
      ADDED_LATENCY_TARGET_MS,
      `≤ ${ADDED_LATENCY_TARGET_MS} ms`,
    ),
  ];
}
