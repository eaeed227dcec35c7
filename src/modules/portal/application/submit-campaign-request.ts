import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { languageOf, type Language } from '../../../platform/i18n/locale.js';
import { assertWithinQuota } from '../../billing/index.js';
import type { Runtime } from '../../../platform/runtime.js';
import { organizationPreferences } from '../../identity/index.js';
import type { CampaignRequestRow } from '../infrastructure/campaign-requests.repository.js';
import { findStrategy } from '../infrastructure/strategies.repository.js';
import {
  campaignRequestIntakeFor,
  type IdempotentSubmission,
  type SubmitOutcome,
} from './campaign-request-intake.js';
import type { CampaignRequestInput } from './draft-plan.js';

export interface SubmitContext {
  orgId: string;
  /** `user:<id>` or `client:<id>`. */
  actor: string;
  userId: string | null;
  idempotency?: IdempotentSubmission;
}

/**
 * Accepts a campaign request: the strategy it names must be the organisation's, the plan's monthly
 * allowance (billing's quota guard), then the request row and its planning job in
 * one transaction shared with other requests (group commit). Either both exist or neither; the
 * planning job drafts the segments, campaign and content requests in its own transaction and
 * retries what fails for a passing reason (docs/architecture.md §6: 202, status `planning`).
 */
export async function submitCampaignRequest(
  runtime: Runtime,
  context: SubmitContext,
  input: Omit<CampaignRequestInput, 'language'> & { language?: Language },
): Promise<SubmitOutcome> {
  if (input.strategyId && !(await findStrategy(runtime.db, context.orgId, input.strategyId)))
    throw AppError.validation('strategyId names no strategy of this organisation', [
      { field: 'body.strategyId', message: 'is not a strategy of this organisation' },
    ]);
  await assertWithinQuota(runtime, context.orgId, 'campaign_requests');
  // Copy in the organisation's language unless the request names one (cached: no round trip).
  const language =
    input.language ?? languageOf((await organizationPreferences(runtime, context.orgId)).locale);
  return campaignRequestIntakeFor(runtime).submit({
    row: newCampaignRequestRow(context, { ...input, language }),
    idempotency: context.idempotency,
  });
}

function newCampaignRequestRow(
  context: SubmitContext,
  input: CampaignRequestInput,
): CampaignRequestRow {
  const now = new Date().toISOString();
  return {
    orgId: context.orgId,
    id: uuidv7(),
    strategyId: input.strategyId ?? null,
    name: input.name,
    objective: input.objective,
    product: input.product,
    messages: input.messages,
    audiences: input.audiences,
    channels: input.channels,
    language: input.language,
    budgetMinor: input.budget.amount,
    currency: input.budget.currency,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    status: 'planning',
    failureReason: null,
    campaignId: null,
    draft: [],
    contentRequestIds: [],
    segmentIds: [],
    proposal: null,
    decisions: null,
    decidedBy: null,
    decidedAt: null,
    attempts: 0,
    planningStage: 'queued',
    planningStartedAt: null,
    planningFinishedAt: null,
    createdBy: context.actor,
    createdAt: now,
    updatedAt: now,
  };
}
