import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What one `claude -p` run printed. */
export interface ClaudeCodeRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runClaudeCode}. */
export interface ClaudeCodeRunOptions {
  /** The gateway URL, set as ANTHROPIC_BASE_URL. */
  readonly baseUrl: string;
  /** Sent as ANTHROPIC_AUTH_TOKEN (Authorization: Bearer). */
  readonly authToken: string;
  readonly prompt: string;
  /** Extra CLI arguments, e.g. `['--model', 'haiku']`. */
  readonly args?: readonly string[];
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
  /** Whole-run limit, ms (default 90 s). */
  readonly timeoutMs?: number;
}

/** The Claude Code CLI installed from npm (`@anthropic-ai/claude-code`, pinned in package.json). */
export function claudeCodeBinary(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@anthropic-ai/claude-code/package.json');
  return path.join(path.dirname(packageJson), 'bin', 'claude.exe');
}

/**
 * Runs `claude -p <prompt>` against the gateway in a throw-away HOME, with non-essential
 * traffic, telemetry and auto-update off, so the only traffic is to ANTHROPIC_BASE_URL (loopback).
 */
export async function runClaudeCode(options: ClaudeCodeRunOptions): Promise<ClaudeCodeRun> {
  const home = await mkdtemp(path.join(tmpdir(), 'switchboard-claude-home-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_AUTH_TOKEN: options.authToken,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CI: '1',
    ...options.env,
  };
  try {
    return await new Promise<ClaudeCodeRun>((resolve) => {
      const child = execFile(
        claudeCodeBinary(),
        ['-p', options.prompt, ...(options.args ?? [])],
        { env, cwd: home, timeout: options.timeoutMs ?? 90_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ exitCode, stdout, stderr });
        },
      );
      child.stdin?.end();
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
