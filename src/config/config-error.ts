/**
 * One problem found while loading the configuration. Messages say what was expected and what was
 * found, and never contain a credential (api-key values, header values, proxy URLs).
 */
export interface ConfigIssue {
  /** The file the problem is in (`/home/me/.switchboard/config.yaml`), or `environment`, `command line`. */
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number | undefined;
  /** Where in the document: `claude-api-key[0].base-url`, `port`; an env variable name; "" for the whole file. */
  readonly path: string;
  /** What was expected and what was found, e.g. `expected an integer from 1 to 65535, found "80a"`. */
  readonly message: string;
}

/**
 * Formats one issue as `file:line path: message` (`file path: message` without a line,
 * `file:line: message` without a path).
 */
export function formatConfigIssue(issue: ConfigIssue): string {
  const location = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path === '' ? `${location}: ${issue.message}` : `${location} ${issue.path}: ${issue.message}`;
}

/**
 * Formats a path of keys and list indexes the way issues name them: `['claude-api-key', 0, 'base-url']`
 * → `claude-api-key[0].base-url`.
 */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/**
 * The configuration cannot be used. Thrown by `parseConfigText`, `compileConfig` and `loadConfig`
 * with every problem found (not just the first); `message` lists them one per line.
 */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  /** @param issues at least one problem; each becomes a `file:line path: message` line. */
  constructor(issues: readonly ConfigIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(
      `Invalid configuration (${count}):\n${issues.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
