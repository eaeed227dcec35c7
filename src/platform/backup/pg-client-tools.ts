import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { BackupError } from './backup-error.js';

/**
 * pg_dump / pg_restore (PostgreSQL's client tools) against a DATABASE_URL. The password goes in
 * the child's environment (PGPASSWORD), not its arguments, where `ps` would show it.
 */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return {
    dbname: url.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

/** Resolves when the tool exits 0; otherwise rejects with its stderr. */
function completion(tool: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${tool} not found: install PostgreSQL's client tools (postgresql-client)`,
            )
          : error,
      ),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new BackupError(`${tool} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}

/**
 * A custom-format dump (compressed; pg_restore can pick objects from it) as a stream. It throws
 * at the end if pg_dump failed, so a consumer never mistakes a truncated dump for a whole one.
 */
export async function* pgDump(databaseUrl: string): AsyncGenerator<Buffer> {
  const { dbname, env } = connection(databaseUrl);
  const child = spawn('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', dbname], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = completion('pg_dump', child);
  // An early failure (missing binary) surfaces from `done`; don't let it go unhandled meanwhile.
  done.catch(() => undefined);
  try {
    for await (const chunk of child.stdout!) yield chunk as Buffer;
    await done;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * Restores a custom-format dump read from `dump` in one transaction: it either lands whole or
 * leaves the target database as it was.
 */
export async function pgRestore(databaseUrl: string, dump: Readable): Promise<void> {
  const { dbname, env } = connection(databaseUrl);
  const child = spawn(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${dbname}`,
    ],
    { env, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const done = completion('pg_restore', child);
  // pg_restore stops reading when it fails: the broken pipe is expected, its exit status tells why.
  child.stdin!.on('error', () => undefined);
  dump.on('error', (error) => child.stdin!.destroy(error));
  dump.pipe(child.stdin!);
  await done;
}
