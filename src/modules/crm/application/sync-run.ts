import type { Runtime } from '../../../platform/runtime.js';
import type { SyncProvider } from '../domain/crm-sync.js';
import type { SyncRunError } from '../infrastructure/crm-sync.tables.js';
import { markNeedsAttention } from '../infrastructure/sync-connections.repository.js';
import {
  finishSyncRun,
  startSyncRun,
  type SyncRunRow,
} from '../infrastructure/sync-state.repository.js';

/** Errors kept on a run: enough to act on, bounded however many contacts fail. */
const errorsKept = 20;

export interface PullCounts {
  /** The provider's changes applied here (contacts created or updated). */
  pulled: number;
  /** The provider's changes not applied because ours were newer. */
  skipped: number;
  failed: number;
  errors: string[];
}

export interface PushCounts {
  pushed: number;
  failed: number;
  /** Why records were refused, when the provider says per record. */
  errors: string[];
}

/** How a provider's adapter tells a refused token apart, and what the organisation should do. */
export interface SyncFailurePolicy {
  provider: SyncProvider;
  isAuthError(error: unknown): boolean;
  needsAttentionMessage: string;
}

/**
 * A failure that stops the run. A refused token also stops every later call for the organisation
 * until an owner or admin connects again: retrying with it would only be refused again.
 */
export async function recordFailure(
  runtime: Runtime,
  orgId: string,
  policy: SyncFailurePolicy,
  stage: SyncRunError['stage'],
  error: unknown,
): Promise<SyncRunError> {
  if (policy.isAuthError(error)) {
    await markNeedsAttention(runtime.db, orgId, policy.provider, (error as Error).message);
    return { stage, message: policy.needsAttentionMessage };
  }
  return { stage, message: (error as Error).message };
}

/**
 * One two-way sync of contacts, recorded as a run: the provider's changes first (applied when
 * newer than ours), then ours (including what was just applied, which the provider then already
 * holds). A connection that needs attention makes no call.
 */
export async function runContactSync(
  runtime: Runtime,
  orgId: string,
  trigger: 'schedule' | 'manual',
  connection: { status: string },
  policy: SyncFailurePolicy,
  steps: { pull(): Promise<PullCounts>; push(): Promise<PushCounts> },
): Promise<SyncRunRow> {
  const run = await startSyncRun(runtime.db, orgId, policy.provider, trigger);
  const counts = { pulled: 0, pushed: 0, skipped: 0, erased: 0, failed: 0 };
  const errors: SyncRunError[] = [];
  if (connection.status !== 'active') {
    errors.push({ stage: 'connect', message: policy.needsAttentionMessage });
  } else {
    let stage: SyncRunError['stage'] = 'pull';
    try {
      const pulled = await steps.pull();
      Object.assign(counts, { pulled: pulled.pulled, skipped: pulled.skipped });
      counts.failed += pulled.failed;
      errors.push(...pulled.errors.map((message) => ({ stage, message })));
      stage = 'push';
      const pushed = await steps.push();
      counts.pushed = pushed.pushed;
      counts.failed += pushed.failed;
      errors.push(...pushed.errors.map((message) => ({ stage, message })));
    } catch (error) {
      errors.push(await recordFailure(runtime, orgId, policy, stage, error));
    }
  }
  return finishSyncRun(runtime.db, {
    orgId,
    id: run.id,
    ...counts,
    status: errors.length === 0 && counts.failed === 0 ? 'succeeded' : 'failed',
    errors: errors.slice(0, errorsKept),
  });
}

/**
 * An erasure forwarded to the provider, recorded as an `erasure` run: `eraseOne` removes what the
 * provider holds for one email and answers how many records it removed. A refused token is
 * recorded and not retried; an outage fails the delivery so the outbox retries it.
 */
export async function runErasure(
  runtime: Runtime,
  orgId: string,
  connection: { status: string },
  policy: SyncFailurePolicy,
  emails: readonly string[],
  eraseOne: (email: string) => Promise<number>,
): Promise<void> {
  const run = await startSyncRun(runtime.db, orgId, policy.provider, 'erasure');
  const errors: SyncRunError[] = [];
  let erased = 0;
  let done = 0;
  let failed = 0;
  let retry: unknown;
  if (connection.status !== 'active')
    errors.push({ stage: 'connect', message: policy.needsAttentionMessage });
  else
    try {
      for (const email of emails) {
        erased += await eraseOne(email);
        done += 1;
      }
    } catch (error) {
      failed = emails.length - done;
      errors.push(await recordFailure(runtime, orgId, policy, 'erase', error));
      if (!policy.isAuthError(error)) retry = error;
    }
  await finishSyncRun(runtime.db, {
    orgId,
    id: run.id,
    pulled: 0,
    pushed: 0,
    skipped: 0,
    erased,
    failed,
    status: errors.length === 0 ? 'succeeded' : 'failed',
    errors,
  });
  if (retry) throw retry;
}
