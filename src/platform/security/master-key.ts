import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.js';

/**
 * The 32-byte master secret every derived key (field encryption, lookup hashes, signing-key
 * wrapping) comes from. Production passes SECRET_KEY; the embedded mode creates one on first
 * start and keeps it beside its data, readable by the owner only.
 */
export async function resolveMasterKey(config: Config): Promise<Buffer> {
  if (config.secretKey) return Buffer.from(config.secretKey, 'hex');
  if (config.database.kind === 'pglite' && config.database.dataDir.startsWith('memory://')) {
    return randomBytes(32);
  }
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  await fs
    .writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' })
    .catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'hex');
}
