import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { planAgenda } from '../domain/agenda.js';
import {
  transitionRequest,
  type RequestAction,
  type RequestStatus,
} from '../domain/campaign-request.js';
import { decideApproval, type ItemInput } from '../domain/proposal.js';
import { insertAgendaTasks } from '../infrastructure/agenda.repository.js';
import {
  findCampaignRequest,
  moveCampaignRequest,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';
import { advanceJob } from './advance-campaign-requests.job.js';
import { planningJob } from './plan-campaign-request.job.js';

export interface Actor {
  orgId: string;
  /** `user:<id>` or `client:<id>`. */
  principalId: string;
  userId: string | null;
}

export function illegalMove(row: CampaignRequestRow, action: RequestAction) {
  const step = transitionRequest(row.status as RequestStatus, action);
  if (step.ok) return undefined;
  return new AppError(
    'conflict',
    `A campaign request cannot ${action} while it is ${row.status} (only from ${step.allowedFrom.join(' or ')})`,
    { from: row.status, action, allowed_from: step.allowedFrom },
  );
}

async function load(runtime: Runtime, orgId: string, id: string) {
  const row = await findCampaignRequest(runtime.db, orgId, id);
  if (!row) throw AppError.notFound('Campaign request', id);
  return row;
}

/**
 * Approves the proposal, whole or item by item, in one transaction with the agenda and the job
 * that publishes the approved campaign to PromptAds (nothing reaches a channel before this).
 */
export async function approveCampaignRequest(
  runtime: Runtime,
  actor: Actor,
  id: string,
  input: { comment?: string; adSets?: ItemInput[]; contentVariants?: ItemInput[] },
): Promise<CampaignRequestRow> {
  const row = await load(runtime, actor.orgId, id);
  const illegal = illegalMove(row, 'approve');
  if (illegal) throw illegal;
  const decided = decideApproval(row.proposal!, input);
  if (!decided.ok) {
    const error = decided.error;
    if (error.kind === 'unknown_item')
      throw AppError.validation('An item is not part of this proposal', [
        { field: error.field, message: `${error.id} is not an item of this proposal` },
      ]);
    throw new AppError('unprocessable', error.message);
  }
  const now = new Date();
  return runtime.db.transaction(async (tx) => {
    const moved = await moveCampaignRequest(tx, actor.orgId, id, ['awaiting_approval'], {
      status: 'approved',
      decisions: decided.decisions,
      decidedBy: actor.principalId,
      decidedAt: now.toISOString(),
    });
    if (!moved) throw illegalMove({ ...row, status: 'approved' }, 'approve')!;
    await insertAgendaTasks(
      tx,
      planAgenda(row, now).map((task) => ({
        orgId: actor.orgId,
        id: uuidv7(),
        requestId: id,
        ...task,
        status: 'open',
        assigneeUserId: task.automated ? null : actor.userId,
      })),
    );
    await runtime.events.publish(tx, {
      type: 'portal.campaign-request-approved',
      orgId: actor.orgId,
      payload: { requestId: id, campaignId: row.campaignId, by: actor.principalId },
    });
    await runtime.jobs.send(
      advanceJob(runtime),
      { orgId: actor.orgId, requestId: id },
      { transaction: tx },
    );
    return moved;
  });
}

/** Rejects the whole proposal with a comment; the draft campaign is never published. */
export async function rejectCampaignRequest(
  runtime: Runtime,
  actor: Actor,
  id: string,
  comment: string,
): Promise<CampaignRequestRow> {
  const row = await load(runtime, actor.orgId, id);
  const illegal = illegalMove(row, 'reject');
  if (illegal) throw illegal;
  return runtime.db.transaction(async (tx) => {
    const moved = await moveCampaignRequest(tx, actor.orgId, id, ['awaiting_approval'], {
      status: 'rejected',
      decisions: { verdict: 'rejected', comment, adSets: {}, contentVariants: {} },
      decidedBy: actor.principalId,
      decidedAt: new Date().toISOString(),
    });
    if (!moved) throw illegalMove({ ...row, status: 'rejected' }, 'reject')!;
    await runtime.events.publish(tx, {
      type: 'portal.campaign-request-rejected',
      orgId: actor.orgId,
      payload: { requestId: id, by: actor.principalId, comment },
    });
    return moved;
  });
}

/** Plans a failed request again. */
export async function retryCampaignRequest(
  runtime: Runtime,
  actor: Actor,
  id: string,
): Promise<CampaignRequestRow> {
  const row = await load(runtime, actor.orgId, id);
  const illegal = illegalMove(row, 'retry');
  if (illegal) throw illegal;
  return runtime.db.transaction(async (tx) => {
    const moved = await moveCampaignRequest(tx, actor.orgId, id, ['failed'], {
      status: 'planning',
      planningStage: 'queued',
      failureReason: null,
    });
    if (!moved) throw illegalMove({ ...row, status: 'planning' }, 'retry')!;
    await runtime.jobs.send(
      planningJob(runtime),
      { orgId: actor.orgId, requestId: id },
      { transaction: tx },
    );
    return moved;
  });
}
