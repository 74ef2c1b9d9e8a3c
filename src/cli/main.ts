#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/config-error.js';
import {
  parseUsageDimensions,
  parseUsageTime,
  USAGE_PERIODS,
  type UsagePeriod,
} from '../observability/parse-usage-query.js';
import type { UsageDimension } from '../observability/usage-query.js';
import { SWITCHBOARD_VERSION } from './version.js';

/**
 * The `switchboard` command line (commander: the standard, well-kept CLI parser for Node).
 * Commands: `start`, `usage` (each loaded on use, so `usage` never loads the server). Errors are
 * printed as one clear message and exit 1, never a stack trace.
 */
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number 0–65535');
  }
  return port;
}

function parseTime(value: string): number {
  const ms = parseUsageTime(value);
  if (ms === undefined)
    throw new InvalidArgumentError('expected an ISO 8601 date-time or ms since the epoch');
  return ms;
}

function parseDimensions(value: string): UsageDimension[] {
  const parsed = parseUsageDimensions(value);
  if (!Array.isArray(parsed)) {
    throw new InvalidArgumentError(
      `unknown dimension '${parsed.unknown}' (expected model, upstream-model, upstream, key)`,
    );
  }
  return parsed;
}

const program = new Command('switchboard')
  .description('LLM API gateway: Anthropic, OpenAI and Gemini wire formats in, any upstream out.')
  .version(SWITCHBOARD_VERSION);

program
  .command('start')
  .description('start the gateway (writes a commented default config.yaml on first run)')
  .option('--config <path>', 'config file (default: $SWITCHBOARD_HOME/config.yaml)')
  .option('--host <host>', 'listen address (overrides the config; "" = all interfaces)')
  .option('--port <port>', 'listen port (overrides the config)', parsePort)
  .action(async (options: { config?: string; host?: string; port?: number }) => {
    const { runStart } = await import('./start.js');
    await runStart(options);
  });

program
  .command('usage')
  .description('print recorded usage (requests, errors, tokens, latency) for a period')
  .addOption(new Option('--period <period>', 'how far back from now').choices(USAGE_PERIODS).default('day'))
  .option('--since <time>', 'start (ISO 8601 or ms; overrides --period)', parseTime)
  .option('--until <time>', 'end, exclusive (ISO 8601 or ms; default now)', parseTime)
  .option('--by <dimensions>', 'rows per model, upstream-model, upstream, key (comma list)', parseDimensions)
  .addOption(new Option('--bucket <bucket>', 'also split rows by UTC hour or day').choices(['hour', 'day']))
  .option('--json', 'print { range, totals, aggregates } as JSON')
  .option(
    '--home <dir>',
    'Switchboard home holding data/usage.db (default: $SWITCHBOARD_HOME or ~/.switchboard)',
  )
  .action(
    async (options: {
      period: UsagePeriod;
      since?: number;
      until?: number;
      by?: UsageDimension[];
      bucket?: 'hour' | 'day';
      json?: boolean;
      home?: string;
    }) => {
      const { runUsage } = await import('./usage.js');
      runUsage(options, { env: process.env, print: (text) => process.stdout.write(`${text}\n`) });
    },
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`switchboard: invalid configuration\n${error.message}\n`);
  } else {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    const hint = code === 'EADDRINUSE' ? ' (the port is taken: stop the other process or pass --port)' : '';
    process.stderr.write(`switchboard: ${message}${hint}\n`);
  }
  process.exit(1);
});
