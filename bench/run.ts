import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  compileBenchServers,
  startChildServer,
  startChildWorker,
  type ChildProcessHandle,
  type ChildServer,
} from './child-server.js';
import { describeQuietGate, waitForQuietMachine } from './quiet-gate.js';
import { formatTable, type ScenarioResult } from './report.js';
import { appScenarios, ceilingScenario, type Scenario } from './scenarios.js';
import { createScratchDatabase, dropScratchDatabase } from '../test/support/scratch-database.js';

const usage = `Usage: npm run bench -- [options]

Load benchmarks: the server runs as a child process (compiled by tsc into dist/ first, so it runs
on plain Node as in production), autocannon in this one. Each scenario is
compared with a raw node:http server measured in the same run.

  --smoke              2 s per scenario, short warm-up (CI: fails only on errors)
  --duration <s>       seconds measured per scenario (default 10)
  --warmup <s>         seconds of discarded warm-up per scenario (default 2)
  --connections <n>    concurrent connections (default 50)
  --scenario <name>    run only this scenario (repeatable): ${appScenarios.map((s) => s.name).join(', ')}
  --quiet-wait <s>     wait up to this long for the 1-minute load average to drop below 1 before
                       the first scenario (default 120; 0 in --smoke); the report says quiet: true|false
  --help

Stack: embedded (PGlite, in-process cache) by default; with DATABASE_URL (and REDIS_URL) set,
PostgreSQL (in a scratch database created and dropped by the run) and Redis. Scenarios that ask
for a worker get an app server of their own (JOBS_IN_PROCESS=false) and a separate worker process
on PostgreSQL; on the embedded stack (single-process PGlite) their app server runs the jobs.
Results: a table on stdout and bench/results/<timestamp>.json.`;

interface Options {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios: readonly Scenario[];
  smoke: boolean;
  quietWaitSeconds: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      'quiet-wait': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const positive = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const quietWait = values['quiet-wait'];
  const quietWaitSeconds = quietWait === undefined ? (values.smoke ? 0 : 120) : Number(quietWait);
  if (!Number.isFinite(quietWaitSeconds) || quietWaitSeconds < 0)
    throw new Error('--quiet-wait must be a number of seconds, 0 or more');
  const wanted = values.scenario ?? [];
  const unknown = wanted.filter((name) => !appScenarios.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown scenario(s): ${unknown.join(', ')}. Known: ${appScenarios.map((s) => s.name).join(', ')}`,
    );
  }
  return {
    smoke: values.smoke,
    durationSeconds: positive('duration', values.duration, values.smoke ? 2 : 10),
    warmupSeconds: positive('warmup', values.warmup, values.smoke ? 0.5 : 2),
    connections: Math.round(positive('connections', values.connections, 50)),
    quietWaitSeconds,
    scenarios:
      wanted.length === 0 ? appScenarios : appScenarios.filter((s) => wanted.includes(s.name)),
  };
}

async function load(url: string, scenario: Scenario, seconds: number, connections: number) {
  return autocannon({
    url,
    connections: scenario.load?.connections ?? connections,
    ...(scenario.load?.overallRate ? { overallRate: scenario.load.overallRate } : {}),
    duration: Math.max(seconds, scenario.load?.minDurationSeconds ?? 0),
    requests: scenario.requests(),
    // A request that takes this long is counted as an error, not silently waited for.
    timeout: 10,
  });
}

async function measure(
  server: ChildServer,
  scenario: Scenario,
  options: Options,
  ceilingRps: number | null,
  worker: ChildProcessHandle | null = null,
): Promise<ScenarioResult> {
  process.stdout.write(`  ${scenario.name}: ${scenario.description}\n`);
  await scenario.prepare?.(server.url);
  await load(server.url, scenario, options.warmupSeconds, options.connections);
  // Let requests left in flight by the warm-up finish before the measured run starts.
  await setTimeout(500);
  const before = await server.stats();
  const startedAt = new Date();
  const alongside = scenario.alongside?.(server.url);
  const result = await load(server.url, scenario, options.durationSeconds, options.connections);
  const endedAt = new Date();
  const besides = (await alongside) ?? { problems: [], notes: [] };
  const after = await server.stats();
  // A scenario may expect another status than 2xx (a redirect's 302): that one counts as success.
  const expected = scenario.successStatus;
  const ok = expected ? (result.statusCodeStats?.[`${expected}`]?.count ?? 0) : result['2xx'];
  const unexpected = expected
    ? result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'] - ok
    : result.non2xx;
  const checked = (await scenario.check?.({
    before,
    after,
    ok,
    connections: options.connections,
    startedAt,
    endedAt,
  })) ?? { problems: [], notes: [] };
  const workerNotes = worker
    ? [
        `worker process peak RSS ${((await worker.stats()).peakRssBytes / 1024 / 1024).toFixed(0)} MB`,
      ]
    : [];
  const problems = [...checked.problems, ...besides.problems];
  if (result.errors > 0) problems.push(`${result.errors} connection errors`);
  if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`);
  if (unexpected > 0) problems.push(`${unexpected} responses other than ${expected ?? '2xx'}`);
  if (ok === 0) problems.push('no successful response at all');
  return {
    name: scenario.name,
    description: scenario.description,
    requestsPerSecond: result.requests.average,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests2xx: ok,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: unexpected,
    ratioToCeiling: ceilingRps ? result.requests.average / ceilingRps : null,
    peakRssMb: after.peakRssBytes / 1024 / 1024,
    ...(checked.figures ? { figures: checked.figures } : {}),
    notes: [...checked.notes, ...besides.notes, ...workerNotes],
    problems,
  };
}

/** The child's environment: the stack under test, quiet logs, and a rate limit out of the way. */
async function prepareStack(suffix: string) {
  const baseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SEED_DEMO_DATA: 'false',
    SECRET_KEY: randomBytes(32).toString('hex'),
    CACHE_KEY_PREFIX: `bench:${suffix}:`,
    // One load generator on one IP would otherwise be answered 429 within a second.
    RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: String(1_000_000_000),
  };
  if (baseUrl) {
    const name = `ps_bench_${suffix}`;
    env.DATABASE_URL = await createScratchDatabase(baseUrl, name);
    return {
      env,
      separateWorker: true,
      label: `PostgreSQL (${new URL(baseUrl).host}) + ${redisUrl ? `Redis (${new URL(redisUrl).host})` : 'in-process cache'}`,
      cleanup: () => dropScratchDatabase(baseUrl, name),
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ps-bench-'));
  delete env.DATABASE_URL;
  env.DATA_DIR = dataDir;
  return {
    env,
    // PGlite is single-process: a second process may not open its data directory.
    separateWorker: false,
    label: `embedded (PGlite in ${dataDir}) + ${redisUrl ? 'Redis' : 'in-process cache'}`,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/**
 * Runs scenarios against one app server. Scenarios that ask for a worker get their own app server
 * with JOBS_IN_PROCESS=false and a worker process beside it with the same environment, stopped at
 * the end; on the embedded stack the app server runs their jobs itself.
 */
async function runOnAppServer(
  scenarios: readonly Scenario[],
  withWorker: boolean,
  stack: Awaited<ReturnType<typeof prepareStack>>,
  options: Options,
  ceilingRps: number | null,
): Promise<ScenarioResult[]> {
  const env = { ...stack.env };
  for (const scenario of scenarios)
    Object.assign(env, await scenario.beforeStart?.({ smoke: options.smoke }));
  const separateWorker = withWorker && stack.separateWorker;
  if (separateWorker) env.JOBS_IN_PROCESS = 'false';
  const results: ScenarioResult[] = [];
  const startTimeoutSeconds = Math.max(120, ...scenarios.map((s) => s.startTimeoutSeconds ?? 0));
  const app = await startChildServer('app-server.ts', env, startTimeoutSeconds * 1000);
  let worker: ChildProcessHandle | null = null;
  try {
    // Started once the app server has migrated the database and created the bench tables.
    if (separateWorker) worker = await startChildWorker(env);
    for (const scenario of scenarios)
      results.push(await measure(app, scenario, options, ceilingRps, worker));
  } finally {
    await worker?.stop();
    await app.stop();
  }
  return results;
}

async function main() {
  const options = parseOptions();
  const suffix = randomBytes(4).toString('hex');
  const stack = await prepareStack(suffix);
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  process.stdout.write(
    `Benchmark on ${stack.label}\n` +
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n` +
      `${options.durationSeconds} s per scenario after ${options.warmupSeconds} s warm-up, ` +
      `${options.connections} connections\n`,
  );
  process.stdout.write('compiling the bench servers (tsc -p tsconfig.bench.json)\n');
  await compileBenchServers();
  const gate = await waitForQuietMachine(options.quietWaitSeconds, (loadAverage) =>
    process.stdout.write(
      `load average ${loadAverage.toFixed(2)} ≥ 1: waiting up to ${options.quietWaitSeconds} s for a quiet machine\n`,
    ),
  );
  process.stdout.write(`${describeQuietGate(gate)}\n\n`);
  try {
    const ceilingServer = await startChildServer('ceiling-server.ts', stack.env);
    try {
      results.push(await measure(ceilingServer, ceilingScenario, options, null));
    } finally {
      await ceilingServer.stop();
    }
    const ceilingRps = results[0]?.requestsPerSecond ?? null;
    // Worker scenarios first, on a database no other scenario has left jobs in.
    const groups = [
      { withWorker: true, scenarios: options.scenarios.filter((s) => s.worker) },
      { withWorker: false, scenarios: options.scenarios.filter((s) => !s.worker) },
    ];
    for (const { withWorker, scenarios } of groups) {
      if (scenarios.length > 0)
        results.push(...(await runOnAppServer(scenarios, withWorker, stack, options, ceilingRps)));
    }
  } finally {
    for (const scenario of options.scenarios) await scenario.cleanup?.();
    await stack.cleanup();
  }

  process.stdout.write(`\n${formatTable(results, results[0]?.requestsPerSecond ?? null)}\n`);
  process.stdout.write(`${describeQuietGate(gate)}\n\n`);
  for (const result of results) {
    for (const note of result.notes) process.stdout.write(`  ${result.name}: ${note}\n`);
    for (const problem of result.problems)
      process.stdout.write(`  ${result.name}: PROBLEM: ${problem}\n`);
  }

  const resultsDir = fileURLToPath(new URL('results/', import.meta.url));
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        stack: stack.label,
        quiet: gate.quiet,
        loadAverageAtStart: gate.loadAverage,
        machine: {
          cpus: os.cpus().length,
          model: os.cpus()[0]?.model,
          node: process.version,
          loadavg: os.loadavg(),
        },
        options: { ...options, scenarios: options.scenarios.map((s) => s.name) },
        results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nresults written to ${path.relative(process.cwd(), file)}\n`);

  const failed = results.filter((result) => result.problems.length > 0);
  if (failed.length > 0) {
    process.stderr.write(`benchmark FAILED: ${failed.map((r) => r.name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
