import { execFile, fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildMessage, ParentMessage, ServerStats } from './ipc.js';

export interface ChildProcessHandle {
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

export interface ChildServer extends ChildProcessHandle {
  url: string;
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

type Entry = 'app-server.ts' | 'ceiling-server.ts' | 'worker-server.ts';

/**
 * Compiles the bench servers and the platform with tsc into dist/ (tsconfig.bench.json), as
 * `npm run build` compiles the platform: the servers then run as production runs them, on plain
 * Node without a TypeScript loader, whose transformed sources and source maps would add ~100 MB
 * to the memory measured and its start-up to the timings.
 */
export async function compileBenchServers(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], {
    cwd: projectRoot,
  }).catch((error: Error & { stdout?: string }) => {
    throw new Error(`tsc -p tsconfig.bench.json failed:\n${error.stdout ?? error.message}`);
  });
}

/** The compiled entry point of a bench server (dist/bench/<name>.js). */
function compiled(entry: Entry): string {
  return fileURLToPath(new URL(`../dist/bench/${entry.replace(/\.ts$/, '.js')}`, import.meta.url));
}

/** Starts a bench server (a .ts file in bench/) as a child process and waits until it listens. */
export async function startChildServer(
  entry: 'app-server.ts' | 'ceiling-server.ts',
  env: NodeJS.ProcessEnv,
  startTimeoutMs = 120_000,
): Promise<ChildServer> {
  const { url, ...handle } = await startChild(entry, env, startTimeoutMs);
  if (!url) throw new Error(`${entry} started without an HTTP listener`);
  return { url, ...handle };
}

/**
 * Starts the bench worker (bench/worker-server.ts): job handlers, schedules and event delivery in
 * a process of its own, as `promptsales worker` runs them in production.
 */
export async function startChildWorker(
  env: NodeJS.ProcessEnv,
  startTimeoutMs = 120_000,
): Promise<ChildProcessHandle> {
  return startChild('worker-server.ts', env, startTimeoutMs);
}

async function startChild(
  entry: Entry,
  env: NodeJS.ProcessEnv,
  startTimeoutMs: number,
): Promise<ChildProcessHandle & { url: string | undefined }> {
  const child = fork(compiled(entry), [], {
    cwd: projectRoot,
    env,
    execArgv: profileFlags(entry),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.url);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${entry} failed to start:\n${message.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited during start-up (code ${code}, signal ${signal})`));
    });
  });
  return {
    url,
    stats: () => request(child, entry),
    stop: () => stop(child),
  };
}

/**
 * BENCH_CPU_PROFILE=1 writes a V8 CPU profile of the application server to bench/results/profiles
 * (open it in Chrome DevTools or speedscope) to see where a scenario spends its time.
 */
function profileFlags(entry: string): string[] {
  if (entry !== 'app-server.ts' || !process.env.BENCH_CPU_PROFILE) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${fileURLToPath(new URL('results/profiles', import.meta.url))}`,
  ];
}

function request(child: ChildProcess, entry: string): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      reject(new Error(`${entry} is no longer running (code ${child.exitCode})`));
      return;
    }
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'stats') {
        cleanup();
        resolve(message.stats);
      } else if (message.type === 'failed') {
        cleanup();
        reject(new Error(message.message));
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${entry} exited while asked for its stats`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'stats' } satisfies ParentMessage);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' } satisfies ParentMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
