export interface ScenarioResult {
  name: string;
  description: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  requests2xx: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** This scenario's requests/s divided by the node:http ceiling's, measured in the same run. */
  ratioToCeiling: number | null;
  peakRssMb: number;
  notes: string[];
  problems: string[];
}

const columns: { title: string; value: (result: ScenarioResult) => string }[] = [
  { title: 'scenario', value: (r) => r.name },
  { title: 'req/s', value: (r) => Math.round(r.requestsPerSecond).toLocaleString('en-US') },
  { title: 'p50 ms', value: (r) => r.latencyMs.p50.toFixed(1) },
  { title: 'p97.5 ms', value: (r) => r.latencyMs.p97_5.toFixed(1) },
  { title: 'p99 ms', value: (r) => r.latencyMs.p99.toFixed(1) },
  { title: 'max ms', value: (r) => r.latencyMs.max.toFixed(1) },
  { title: 'errors', value: (r) => String(r.errors + r.timeouts) },
  { title: 'non-2xx', value: (r) => String(r.non2xx) },
  {
    title: 'vs node:http',
    value: (r) => (r.ratioToCeiling === null ? '-' : `${(r.ratioToCeiling * 100).toFixed(1)}%`),
  },
  { title: 'peak RSS MB', value: (r) => r.peakRssMb.toFixed(0) },
];

/** A plain-text table, one row per scenario, numbers right-aligned. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const cells = results.map((result) => columns.map((column) => column.value(result)));
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...cells.map((row) => row[index]?.length ?? 0)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join('  ');
  const header = line(columns.map((column) => column.title));
  return [header, '-'.repeat(header.length), ...cells.map(line)].join('\n');
}
