import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { rowsOf } from '../db/raw-result.js';
import { recordsetInsert } from '../db/recordset-insert.js';
import { idempotencyKeys } from './idempotency.tables.js';

/** Keys and their responses are kept a day, as Stripe does. */
export const replayTtlSeconds = 24 * 60 * 60;
/** How long a request in flight holds its key before a retry may take it over. */
const lockSeconds = 60;

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

/** What a key says about a new request that carries it. */
export type KeyState =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

/** A response recorded in the same transaction as the write it answers. */
export interface CompletedKey {
  key: string;
  fingerprint: string;
  response: StoredResponse;
}

/** Completed keys, a batch in one statement (the campaign request's group commit). */
const insertCompleted = recordsetInsert<typeof idempotencyKeys.$inferSelect>(idempotencyKeys);

const inSeconds = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/**
 * Idempotency keys kept in the database: a key is claimed by one request at a time and its
 * response recorded once, so retries are answered the same whatever the cache does. A route may
 * also record its key and response inside its own write transaction (`completeWithin`): then the
 * write and the key commit together and a retry can never run the write twice.
 */
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  /**
   * Claims a key for a request about to run. A key whose holder crashed (in flight past its lock)
   * or that has expired is claimed anew.
   */
  async claim(key: string, fingerprint: string): Promise<KeyState> {
    const t = idempotencyKeys;
    const claimed = await this.db
      .insert(t)
      .values({
        key,
        fingerprint,
        lockedUntil: inSeconds(lockSeconds),
        expiresAt: inSeconds(replayTtlSeconds),
      })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          fingerprint,
          status: null,
          contentType: null,
          body: null,
          lockedUntil: sql`excluded.locked_until`,
          expiresAt: sql`excluded.expires_at`,
        },
        setWhere: sql`${t.expiresAt} < now() or (${t.status} is null and ${t.lockedUntil} < now())`,
      })
      .returning({ key: t.key });
    if (claimed.length > 0) return { kind: 'claimed' };
    return (await this.stateOf(key, fingerprint)) ?? this.claim(key, fingerprint);
  }

  /** What a key that could not be claimed holds for a request with this fingerprint. */
  async stateOf(
    key: string,
    fingerprint: string,
  ): Promise<Exclude<KeyState, { kind: 'claimed' }> | undefined> {
    const [row] = await this.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.status === null || row.body === null) return { kind: 'in_flight' };
    return {
      kind: 'replay',
      response: { status: row.status, contentType: row.contentType, body: row.body },
    };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    await this.db
      .update(idempotencyKeys)
      .set({ status: response.status, contentType: response.contentType, body: response.body })
      .where(eq(idempotencyKeys.key, key));
  }

  /** Frees a key whose request did not succeed, so the client may send it again. */
  async release(key: string): Promise<void> {
    await this.db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  }

  /**
   * Records keys with their responses inside the caller's transaction. Answers, entry by entry,
   * whether it was recorded: an entry whose key belongs to an earlier request (or to an earlier
   * entry of the same batch) was not, and is answered with `stateOf` once the transaction commits.
   */
  static async completeWithin(tx: Database, entries: readonly CompletedKey[]): Promise<boolean[]> {
    const seen = new Set<string>();
    const firsts = entries.map((entry) => !seen.has(entry.key) && Boolean(seen.add(entry.key)));
    const unique = entries.filter((_, index) => firsts[index]);
    if (unique.length === 0) return firsts;
    const now = Date.now();
    const result = await tx.execute(
      sql`${insertCompleted(
        unique.map(({ key, fingerprint, response }) => ({
          key,
          fingerprint,
          status: response.status,
          contentType: response.contentType ?? null,
          body: response.body,
          lockedUntil: new Date(now).toISOString(),
          expiresAt: new Date(now + replayTtlSeconds * 1000).toISOString(),
        })),
      )}
      on conflict (key) do update set
        fingerprint = excluded.fingerprint, status = excluded.status,
        content_type = excluded.content_type, body = excluded.body,
        locked_until = excluded.locked_until, expires_at = excluded.expires_at
      -- An expired key is free again; a live one stays with its first request.
      where ${idempotencyKeys.expiresAt} < now()
      returning key`,
    );
    const recorded = new Set(rowsOf<{ key: string }>(result).map((row) => row.key));
    return entries.map((entry, index) => Boolean(firsts[index]) && recorded.has(entry.key));
  }
}
