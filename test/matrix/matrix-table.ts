/** The four scenarios of each matrix cell. */
export type MatrixScenario = 'text' | 'stream' | 'tool' | 'thinking';

/**
 * Renders the matrix as a Markdown table: one row per inbound (client) format, one column per
 * upstream format, each cell listing its scenarios with ✓ (passed) or ✗ (failed or not run).
 * @param results keyed `client|upstream|scenario`
 */
export function formatMatrixTable(
  clients: readonly string[],
  upstreams: readonly string[],
  scenarios: readonly MatrixScenario[],
  results: ReadonlyMap<string, boolean>,
): string {
  const header = `| client ↓ / upstream → | ${upstreams.join(' | ')} |`;
  const rule = `|---|${upstreams.map(() => '---').join('|')}|`;
  const rows = clients.map((client) => {
    const cells = upstreams.map((upstream) =>
      scenarios
        .map((scenario) => `${scenario} ${results.get(`${client}|${upstream}|${scenario}`) ? '✓' : '✗'}`)
        .join(', '),
    );
    return `| ${client} | ${cells.join(' | ')} |`;
  });
  const passed = [...results.values()].filter(Boolean).length;
  return [
    header,
    rule,
    ...rows,
    '',
    `${passed} of ${clients.length * upstreams.length * scenarios.length} cells passed`,
  ].join('\n');
}
