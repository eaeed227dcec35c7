import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../../platform/db/database.js';
import { demoOrganization } from '../../identity/index.js';

/**
 * The demo organisation's id, by its slug. Identity's facade has no lookup by slug yet, so this
 * one read goes to `identity.organizations` directly (read-only, demo seeding only), as the
 * content module's seed does. Replace it with an identity facade function when one exists.
 */
export async function findDemoOrganizationId(
  database: DatabaseHandle,
): Promise<string | undefined> {
  const rows = await database.query<{ id: string }>(
    sql`select id from identity.organizations where slug = ${demoOrganization.slug}`,
  );
  return rows[0]?.id;
}
