import fs from 'node:fs/promises';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data directory ${dataDir} is in use by another PromptSales process. ` +
        'PGlite is single-process: stop the other process, or point DATA_DIR elsewhere.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * PGlite does not lock its directory, and two processes writing one data directory corrupt it.
 * The lock is refreshed while the process lives and considered stale soon after it dies.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}.lock`,
      stale: 15_000,
      update: 5_000,
      realpath: false,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw error;
  }
}
