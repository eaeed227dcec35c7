import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

/** Runs in the child: creates the cluster (PGlite runs initdb on an empty directory) and exits. */
const initdbScript = `
const [pglite, dataDir] = process.argv.slice(1);
require(pglite).PGlite.create(dataDir).then((db) => db.close()).catch((error) => {
  console.error(error);
  process.exit(1);
});`;

/**
 * Creates a new PGlite data directory in a short-lived child process. Done in this process,
 * initdb left ~450 MB of WebAssembly memory behind it (PGlite opened a fresh directory at 790 MB
 * RSS, an existing one at 300 MB), so the first start of the embedded mode was its peak.
 */
export async function initialisePgliteDataDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  await promisify(execFile)(process.execPath, ['-e', initdbScript, pglite, dataDir]);
}
