import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  crmEventTypes,
  type DealLostPayload,
  type DealPayload,
  type DealStageChangedPayload,
} from '../domain/crm-events.js';
import { moveDeal, productsTotal, type StageKind } from '../domain/deal-state.js';
import { findCompany } from '../infrastructure/companies.repository.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { contacts, type DealProduct } from '../infrastructure/crm.tables.js';
import {
  findDeal,
  insertDeal,
  updateDeal,
  type DealRow,
} from '../infrastructure/deals.repository.js';
import {
  ensureDefaultPipeline,
  findPipeline,
  findStage,
  stagesOf,
} from '../infrastructure/pipelines.repository.js';
import { forgetFitProfile } from './scoring.js';

export interface NewDeal {
  title: string;
  contactId?: string | null;
  companyId?: string | null;
  pipelineId?: string;
  stageId?: string;
  amountMinor?: number;
  currency: string;
  products: DealProduct[];
  ownerUserId?: string | null;
  expectedCloseOn?: string | null;
}

function payloadOf(deal: DealRow): DealPayload {
  return {
    orgId: deal.orgId,
    dealId: deal.id,
    contactId: deal.contactId,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    amountMinor: deal.amountMinor,
    currency: deal.currency,
    campaignId: deal.campaignId,
  };
}

/**
 * Opens a deal in a pipeline (the default one unless named) at its first stage unless one is
 * named; the amount defaults to the products' total; attribution comes from the contact.
 */
export async function createDeal(
  runtime: Runtime,
  orgId: string,
  input: NewDeal,
): Promise<DealRow> {
  return runtime.db.transaction(async (tx) => {
    const pipeline = input.pipelineId
      ? await findPipeline(tx, orgId, input.pipelineId)
      : await ensureDefaultPipeline(tx, orgId);
    if (!pipeline)
      throw AppError.validation('The pipeline does not exist', [
        { field: 'body.pipeline_id', message: 'is not a pipeline of this organisation' },
      ]);
    const stages = await stagesOf(tx, orgId, [pipeline.id]);
    const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages[0];
    if (!stage || stage.kind !== 'open')
      throw AppError.validation('A deal opens at an open stage of its pipeline', [
        { field: 'body.stage_id', message: 'is not an open stage of the pipeline' },
      ]);
    const contact = input.contactId ? await findContact(tx, orgId, input.contactId) : undefined;
    if (input.contactId && (!contact || contact.erasedAt))
      throw AppError.validation('The contact does not exist', [
        { field: 'body.contact_id', message: 'is not a contact of this organisation' },
      ]);
    if (input.companyId && !(await findCompany(tx, orgId, input.companyId)))
      throw AppError.validation('The company does not exist', [
        { field: 'body.company_id', message: 'is not a company of this organisation' },
      ]);
    const deal = await insertDeal(tx, {
      orgId,
      id: uuidv7(),
      pipelineId: pipeline.id,
      stageId: stage.id,
      contactId: contact?.id ?? null,
      companyId: input.companyId ?? contact?.companyId ?? null,
      title: input.title,
      amountMinor: input.amountMinor ?? productsTotal(input.products),
      currency: input.currency,
      products: input.products,
      campaignId: contact?.campaignId ?? null,
      adId: contact?.adId ?? null,
      ownerUserId: input.ownerUserId ?? contact?.ownerUserId ?? null,
      expectedCloseOn: input.expectedCloseOn ?? null,
    });
    if (contact && contact.lifecycleStage !== 'customer')
      await tx
        .update(contacts)
        .set({ lifecycleStage: 'opportunity', updatedAt: new Date().toISOString() })
        .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contact.id)));
    await runtime.events.publish<DealPayload>(tx, {
      type: crmEventTypes.dealCreated,
      orgId,
      payload: payloadOf(deal),
    });
    return deal;
  });
}

const moveErrors = {
  closed: 'The deal is already closed (won or lost)',
  same_stage: 'The deal is already at that stage',
  reason_required: 'Losing a deal needs a reason',
} as const;

/**
 * Moves a deal to a stage of its pipeline; a won stage makes it a sale (the contact becomes a
 * customer), a lost stage closes it with the reason. Publishes `crm.deal-stage-changed` and, on
 * closing, `crm.deal-won` or `crm.deal-lost`.
 */
export async function moveDealToStage(
  runtime: Runtime,
  orgId: string,
  dealId: string,
  target: { stageId?: string; kind?: Exclude<StageKind, 'open'> },
  lostReason?: string,
): Promise<DealRow> {
  const moved = await runtime.db.transaction(async (tx) => {
    const deal = await findDeal(tx, orgId, dealId);
    if (!deal) throw AppError.notFound('Deal', dealId);
    const stage = target.stageId
      ? await findStage(tx, orgId, target.stageId)
      : (await stagesOf(tx, orgId, [deal.pipelineId])).find((s) => s.kind === target.kind);
    if (!stage || stage.pipelineId !== deal.pipelineId)
      throw AppError.validation('The stage is not in the deal’s pipeline', [
        { field: 'body.stage_id', message: 'is not a stage of the deal’s pipeline' },
      ]);
    const move = moveDeal(
      { status: deal.status as 'open', stageId: deal.stageId },
      { id: stage.id, kind: stage.kind as StageKind },
      lostReason,
    );
    if (!move.ok) {
      if (move.reason === 'reason_required')
        throw AppError.validation(moveErrors[move.reason], [
          { field: 'body.reason', message: 'is required to lose a deal' },
        ]);
      throw new AppError('conflict', moveErrors[move.reason]);
    }
    const now = new Date().toISOString();
    const moved = (await updateDeal(tx, orgId, dealId, {
      stageId: stage.id,
      status: move.status,
      ...(move.status === 'won' ? { wonAt: now } : {}),
      ...(move.status === 'lost' ? { lostAt: now, lostReason: lostReason!.trim() } : {}),
    }))!;
    await runtime.events.publish<DealStageChangedPayload>(tx, {
      type: crmEventTypes.dealStageChanged,
      orgId,
      payload: { ...payloadOf(moved), fromStageId: deal.stageId },
    });
    if (move.status === 'won') {
      if (moved.contactId)
        await tx
          .update(contacts)
          .set({ lifecycleStage: 'customer', classification: 'hot', updatedAt: now })
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, moved.contactId)));
      await runtime.events.publish<DealPayload>(tx, {
        type: crmEventTypes.dealWon,
        orgId,
        payload: payloadOf(moved),
      });
    }
    if (move.status === 'lost')
      await runtime.events.publish<DealLostPayload>(tx, {
        type: crmEventTypes.dealLost,
        orgId,
        payload: { ...payloadOf(moved), reason: moved.lostReason! },
      });
    return moved;
  });
  // Scores measure fit against the won customers, cached a minute for event-driven rescoring.
  if (moved.status !== 'open') await forgetFitProfile(runtime, orgId);
  return moved;
}
