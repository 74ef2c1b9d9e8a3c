#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { runStart } from './start.js';
import { SWITCHBOARD_VERSION } from './version.js';

/**
 * The `switchboard` command line (commander: the standard, well-kept CLI parser for Node).
 * Commands: `start`. Errors are printed as one clear message and exit 1, never a stack trace.
 */
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number 0–65535');
  }
  return port;
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
    await runStart(options);
  });

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
