import { sql } from 'drizzle-orm';
import type { Runtime } from '../../src/platform/runtime.js';
import { FieldCrypto, normaliseEmail } from '../../src/platform/security/field-crypto.js';

/** `v1.<iv>.<tag>.<ciphertext>`: field-encrypted values, which a plain-text search cannot see. */
const ciphertextPattern = /v1\.[\w-]+\.[\w-]+\.[\w-]*/g;

/**
 * Every row of every table in the database (every module's schema, the outbox, the job queue),
 * as text, with field-encrypted values decrypted in place. A person's data "left behind anywhere"
 * is then a substring search.
 */
export async function databaseAsText(runtime: Runtime): Promise<string> {
  const crypto = new FieldCrypto(runtime.masterKey);
  const tables = await runtime.database.query<{ schema: string; name: string }>(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE'
      and table_schema not in ('pg_catalog', 'information_schema', 'drizzle')`);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await runtime.database.query<{ row: string }>(
      sql`select row_to_json(t)::text as row from ${sql.identifier(table.schema)}.${sql.identifier(table.name)} t`,
    );
    for (const { row } of rows) {
      parts.push(
        row.replace(ciphertextPattern, (value) => {
          try {
            return crypto.decrypt(value);
          } catch {
            return value;
          }
        }),
      );
    }
  }
  return parts.join('\n');
}

/**
 * The traces of a person to look for: each value as written, its normalised forms, and the keyed
 * hashes modules look it up by (a hash still singles the person out).
 */
export function tracesOf(
  runtime: Runtime,
  person: { emails: string[]; phones: string[]; others: string[] },
): string[] {
  const crypto = new FieldCrypto(runtime.masterKey);
  const emails = person.emails.flatMap((email) => [email, normaliseEmail(email)]);
  const phones = person.phones.flatMap((phone) => {
    const digits = phone.replace(/\D/g, '');
    return [phone, digits, `+${digits}`];
  });
  return [...new Set([...emails, ...phones, ...person.others])].flatMap((value) => [
    value,
    crypto.lookupHash(value),
  ]);
}

/** The traces of `person` still found in the database (an empty list when erased everywhere). */
export async function personalDataLeft(
  runtime: Runtime,
  person: { emails: string[]; phones: string[]; others: string[] },
): Promise<string[]> {
  const text = (await databaseAsText(runtime)).toLowerCase();
  return tracesOf(runtime, person).filter((trace) => text.includes(trace.toLowerCase()));
}
