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
  /** Figures a scenario measures besides the load (e.g. jobs per minute, queue wait). */
  figures?: Record<string, number>;
  notes: string[];
  problems: string[];
}

const requestsPerSecond = (rps: number) => Math.round(rps).toLocaleString('en-US');

const columnsFor = (
  ceilingRps: number | null,
): { title: string; value: (result: ScenarioResult) => string }[] => [
  { title: 'scenario', value: (r) => r.name },
  { title: 'req/s', value: (r) => requestsPerSecond(r.requestsPerSecond) },
  { title: 'p50 ms', value: (r) => r.latencyMs.p50.toFixed(1) },
  { title: 'p97.5 ms', value: (r) => r.latencyMs.p97_5.toFixed(1) },
  { title: 'p99 ms', value: (r) => r.latencyMs.p99.toFixed(1) },
  { title: 'max ms', value: (r) => r.latencyMs.max.toFixed(1) },
  { title: 'errors', value: (r) => String(r.errors + r.timeouts) },
  { title: 'non-2xx', value: (r) => String(r.non2xx) },
  {
    // Each ratio is read against the ceiling measured in this run, so the header names it.
    title: ceilingRps === null ? 'vs node:http' : `vs node:http ${requestsPerSecond(ceilingRps)}/s`,
    value: (r) => (r.ratioToCeiling === null ? '-' : `${(r.ratioToCeiling * 100).toFixed(1)}%`),
  },
  { title: 'peak RSS MB', value: (r) => r.peakRssMb.toFixed(0) },
];

/** A plain-text table, one row per scenario, numbers right-aligned. */
export function formatTable(results: readonly ScenarioResult[], ceilingRps: number | null): string {
  const columns = columnsFor(ceilingRps);
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
