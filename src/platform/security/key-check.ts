import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ConfigError } from '../config/config.js';
import type { Database } from '../db/database.js';
import { keyCheck } from './key-check.tables.js';

const rowId = 'master-key';
/** What is signed: any fixed text; the version lets a future scheme sit beside this one. */
const label = 'promptsales key check v1';

function checkValueOf(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update(label).digest('hex');
}

/**
 * Proves the master key is the one this database was set up with. The first start records the
 * check value; every later start compares. A restore with the wrong SECRET_KEY would otherwise
 * look healthy (`/readyz` 200) while every login, decryption and token signature failed.
 */
export async function verifyMasterKey(db: Database, masterKey: Buffer): Promise<void> {
  const expected = checkValueOf(masterKey);
  await db
    .insert(keyCheck)
    .values({ id: rowId, checkValue: expected })
    .onConflictDoNothing({ target: keyCheck.id });
  const [row] = await db
    .select({ checkValue: keyCheck.checkValue, createdAt: keyCheck.createdAt })
    .from(keyCheck)
    .where(eq(keyCheck.id, rowId));
  const stored = Buffer.from(row?.checkValue ?? '', 'hex');
  if (stored.length === 32 && timingSafeEqual(stored, Buffer.from(expected, 'hex'))) return;
  throw new ConfigError([
    `SECRET_KEY: does not match the key this database was set up with (on ${row?.createdAt ?? 'an unknown date'}). ` +
      'Its encrypted data and signing keys cannot be read with this key, so PromptSales will not serve it. ' +
      'Start with the SECRET_KEY that belongs to this database (or restore the database that belongs to this key).',
  ]);
}
