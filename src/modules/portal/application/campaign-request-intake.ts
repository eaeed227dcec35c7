import { createGroupCommit, type GroupCommit } from '../../../platform/db/group-commit.js';
import {
  IdempotencyStore,
  type KeyState,
  type StoredResponse,
} from '../../../platform/http/idempotency-store.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  insertCampaignRequests,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';
import { planningJob } from './plan-campaign-request.job.js';

/** A request's Idempotency-Key, recorded with its response in the request's own transaction. */
export interface IdempotentSubmission {
  key: string;
  fingerprint: string;
  respond(row: CampaignRequestRow): StoredResponse;
}

export interface Submission {
  row: CampaignRequestRow;
  idempotency?: IdempotentSubmission;
}

export type SubmitOutcome =
  /** With the response recorded for its Idempotency-Key, when it carried one. */
  | { kind: 'accepted'; row: CampaignRequestRow; response?: StoredResponse }
  /** The key belongs to an earlier request: its response, or why it cannot be given. */
  | { kind: 'key_used'; state: Exclude<KeyState, { kind: 'claimed' }> };

/** Rows one transaction takes (30 columns each: well inside PostgreSQL's 65,535 parameters). */
const maxBatch = 200;

const intakes = new WeakMap<Runtime, GroupCommit<Submission, SubmitOutcome>>();

/**
 * Accepts campaign requests by group commit: each transaction records a batch of requests, their
 * Idempotency-Keys with the 202 each is answered with, and their planning jobs — three statements
 * for the whole batch. The segments, the draft campaign and the content requests come later, in
 * the planning job's own transaction, so the request path does the least the 202 needs.
 */
export function campaignRequestIntakeFor(runtime: Runtime): GroupCommit<Submission, SubmitOutcome> {
  let intake = intakes.get(runtime);
  if (intake) return intake;
  const planning = planningJob(runtime);
  const keys = new IdempotencyStore(runtime.db);
  const { database } = runtime.config;
  intake = createGroupCommit<Submission, SubmitOutcome>({
    maxBatch,
    // PGlite runs one transaction at a time; PostgreSQL gets a quarter of the pool, leaving the
    // rest for reads and other writes.
    maxConcurrent: database.kind === 'postgres' ? Math.max(1, Math.floor(database.poolMax / 4)) : 1,
    // Under load a request waits up to 2 ms for others to share its transaction: fewer commits
    // and round trips per request, for a latency well inside the 50 ms p99 budget.
    gatherMs: 2,
    async write(submissions) {
      const recorded = await runtime.db.transaction(async (tx) => {
        const keyed = submissions.flatMap((submission) =>
          submission.idempotency
            ? [
                {
                  submission,
                  key: submission.idempotency.key,
                  fingerprint: submission.idempotency.fingerprint,
                  response: submission.idempotency.respond(submission.row),
                },
              ]
            : [],
        );
        const keyRecorded = await IdempotencyStore.completeWithin(tx, keyed);
        const refused = new Set(
          keyed.filter((_, index) => !keyRecorded[index]).map((entry) => entry.submission),
        );
        const accepted = submissions.filter((submission) => !refused.has(submission));
        await insertCampaignRequests(
          tx,
          accepted.map((submission) => submission.row),
        );
        await runtime.jobs.sendMany(
          planning,
          accepted.map(({ row }) => ({ orgId: row.orgId, requestId: row.id })),
          { transaction: tx },
        );
        const responseOf = new Map(keyed.map((entry) => [entry.submission, entry.response]));
        return submissions.map((submission) =>
          refused.has(submission) ? undefined : { response: responseOf.get(submission) },
        );
      });
      return Promise.all(
        submissions.map(async (submission, index): Promise<SubmitOutcome> => {
          const accepted = recorded[index];
          if (accepted) return { kind: 'accepted', row: submission.row, ...accepted };
          const { key, fingerprint } = submission.idempotency!;
          // Gone already (expired and pruned in between): the client may simply retry.
          const state = (await keys.stateOf(key, fingerprint)) ?? { kind: 'in_flight' as const };
          return { kind: 'key_used', state };
        }),
      );
    },
  });
  intakes.set(runtime, intake);
  return intake;
}
