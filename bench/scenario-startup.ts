// Scenario 8: start-up of the built CLI (spawn to the first 200 of GET /healthz), next to a bare node:http
// server started the same way (the floor of any Node server).
import { ceilingRow, type MetricRow } from './bench-result.js';
import { createGatewayHome } from './gateway-config.js';
import { measureStartups, type StartupTiming } from './measure-startup.js';
import { progress, type ScenarioContext } from './scenario-context.js';
import { gatewayArgs } from './servers.js';
import { median } from './stats.js';

/** Target: cold start of the gateway, ms. */
const STARTUP_TARGET_MS = 300;
/** A bare Node HTTP server answering every request with 200, printing the same listening line. */
const BARE_SERVER = `const port = Number(process.argv[1]);
require('node:http').createServer((request, response) => response.end('ok')).listen(port, '127.0.0.1', () =>
  process.stdout.write('listening on http://127.0.0.1:' + port + '\\n'));`;

/** Runs scenario 8: the first start of each server is "cold", then the median of the rest. */
export async function runStartupScenario(context: ScenarioContext): Promise<MetricRow[]> {
  const runs = context.settings.startups;
  const floor = await measureStartups(
    { command: process.execPath, prepare: async (port) => ({ args: ['-e', BARE_SERVER, String(port)] }) },
    runs,
  );
  const gateway = await measureStartups(
    {
      command: process.execPath,
      prepare: async (port) => {
        const home = await createGatewayHome(context.upstream.url);
        return { args: gatewayArgs(home.configFile, port), env: home.env };
      },
    },
    runs,
  );
  context.raw['scenario8'] = { floor, gateway };
  for (const [name, timings] of Object.entries({ floor, gateway })) {
    progress(`8 ${name}: ${timings.map(describe).join('; ')}`);
  }
  const warm = (timings: StartupTiming[]): number =>
    median(timings.slice(1).map((timing) => timing.healthyMs));
  const bannerMs = gateway[0]?.listeningLineMs;
  if (bannerMs !== undefined) {
    context.notes.push(
      `Scenario 8: the gateway printed its banner ${bannerMs.toFixed(0)} ms after spawn on the cold start ` +
        '(after local discovery, which does not delay the listen).',
    );
  }
  return [
    ceilingRow(
      8,
      'cold start to /healthz',
      'ms',
      floor[0]!.healthyMs,
      gateway[0]!.healthyMs,
      STARTUP_TARGET_MS,
      `≤ ${STARTUP_TARGET_MS} ms`,
    ),
    ceilingRow(8, `median of the next ${runs - 1} starts`, 'ms', warm(floor), warm(gateway), undefined, ''),
  ];
}

function describe(timing: StartupTiming): string {
  const banner = timing.listeningLineMs === undefined ? '' : ` (line ${timing.listeningLineMs.toFixed(0)})`;
  return `${timing.healthyMs.toFixed(0)} ms${banner}`;
}
