import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.js';
import { defineJob } from '../jobs/job-definition.js';
import { idempotencyKeys } from './idempotency.tables.js';

const chunk = 5_000;

/** Deletes idempotency keys past their replay window, in chunks, every hour. */
export function pruneIdempotencyKeysJob(database: DatabaseHandle) {
  return defineJob({
    name: 'platform.prune-idempotency-keys',
    payload: z.object({}),
    cron: '41 * * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      let deleted = 0;
      for (;;) {
        const rows = await database.query<{ key: string }>(sql`
          delete from ${idempotencyKeys} where ${idempotencyKeys.key} in (
            select ${idempotencyKeys.key} from ${idempotencyKeys}
            where ${idempotencyKeys.expiresAt} < now() limit ${chunk})
          returning ${idempotencyKeys.key}`);
        deleted += rows.length;
        if (rows.length < chunk || context.signal.aborted) break;
      }
      if (deleted > 0) context.log.info({ deleted }, 'expired idempotency keys pruned');
    },
  });
}
