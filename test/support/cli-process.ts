import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Base URL the process logged it listens on. */
  address: string;
  /** Settles with the exit code when the process ends (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/** Runs `promptsales <command>` to completion and returns its exit code and output. */
export async function runCli(
  command: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', command], { env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/**
 * Starts `promptsales <command>` (serve, worker) as Kubernetes runs it, a whole process, and
 * waits for the address it logs once listening (PORT=0 in `env` picks a free port).
 */
export async function startCli(
  command: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 45_000,
): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', command], { env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} did not start:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"address":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, address, exited, output: () => output };
}
