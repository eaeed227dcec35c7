import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Database } from '../../../platform/db/database.js';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes } from '../domain/crm-events.js';
import {
  rulesFromAudiences,
  segmentRulesSchema,
  type CampaignAudience,
} from '../domain/segment-rules.js';
import {
  allSegmentIds,
  findSegment,
  insertSegment,
  memberCounts,
  recomputeMembership,
  reevaluateContact,
} from '../infrastructure/segments.repository.js';
import { startSegmentEntryRuns } from './automation-runs.js';

const recomputePayload = z.object({ orgId: z.uuid().optional(), segmentId: z.uuid().optional() });
type RecomputePayload = z.infer<typeof recomputePayload>;

const definitions = new WeakMap<Runtime, JobDefinition<RecomputePayload>>();
const segmentKey = (segmentId: string) => `segment:${segmentId}`;

/**
 * Recomputes one segment's membership (after it is defined or its rules change), or — on the
 * quarter-hourly schedule, payload `{}` — fans out one job per segment of every organisation,
 * which catches what per-contact updates cannot see (age advancing, relative dates, bulk writes).
 */
export function recomputeSegmentsJob(runtime: Runtime): JobDefinition<RecomputePayload> {
  const existing = definitions.get(runtime);
  if (existing) return existing;
  const definition: JobDefinition<RecomputePayload> = defineJob({
    name: 'crm.recompute-segments',
    payload: recomputePayload,
    retryLimit: 3,
    retryDelaySeconds: 10,
    concurrency: 2,
    expireInSeconds: 1_800,
    cron: '*/15 * * * *',
    // Every contact change asks for its segments' recompute: one waiting run per segment is enough.
    coalesce: true,
    async handle({ orgId, segmentId }, context) {
      if (orgId && segmentId) {
        const result = await recomputeSegment(runtime, orgId, segmentId);
        if (result) context.log.debug({ segmentId, ...result }, 'segment recomputed');
        return;
      }
      const all = await allSegmentIds(runtime.db);
      await runtime.jobs.sendMany(
        definition,
        all.map((row) => ({ orgId: row.orgId, segmentId: row.id })),
        { singletonKey: (payload) => segmentKey(payload.segmentId!) },
      );
    },
  });
  definitions.set(runtime, definition);
  return definition;
}

export async function recomputeSegment(runtime: Runtime, orgId: string, segmentId: string) {
  const segment = await findSegment(runtime.db, orgId, segmentId);
  if (!segment) return undefined;
  const result = await recomputeMembership(runtime.db, segment, { entered: true });
  await startSegmentEntryRuns(runtime, orgId, segmentId, result.enteredIds);
  return { added: result.added, removed: result.removed, memberCount: result.memberCount };
}

/** Enqueues a recompute of one segment (inside the caller's transaction when given). */
export async function scheduleRecompute(
  runtime: Runtime,
  orgId: string,
  segmentId: string,
  transaction?: Database,
) {
  await runtime.jobs.send(
    recomputeSegmentsJob(runtime),
    { orgId, segmentId },
    { transaction, singletonKey: segmentKey(segmentId) },
  );
}

/**
 * Membership follows contacts: when one is captured, changed, merged or erased, it is tested
 * against every segment of its organisation at once (and flows on segment entry start).
 */
export function segmentEventHandlers(runtime: Runtime): EventHandler<unknown>[] {
  const reevaluate = async (orgId: string, contactIds: string[]) => {
    for (const contactId of contactIds) {
      const { entered } = await reevaluateContact(runtime.db, orgId, contactId);
      for (const segmentId of entered)
        await startSegmentEntryRuns(runtime, orgId, segmentId, [contactId]);
    }
  };
  const handler = (
    eventType: string,
    contactsOf: (payload: Record<string, unknown>) => string[],
  ): EventHandler<Record<string, unknown>> => ({
    name: `crm.segments-on-${eventType.replace(/^crm\./, '')}`,
    eventType,
    handle: async (event) => {
      if (event.orgId) await reevaluate(event.orgId, contactsOf(event.payload));
    },
  });
  const contactId = (payload: Record<string, unknown>) =>
    typeof payload.contactId === 'string' ? [payload.contactId] : [];
  return [
    handler(crmEventTypes.leadCaptured, contactId),
    handler(crmEventTypes.contactUpdated, contactId),
    handler(crmEventTypes.personErased, (payload) =>
      typeof payload.personId === 'string' ? [payload.personId] : [],
    ),
    handler(crmEventTypes.contactsMerged, (payload) =>
      [payload.survivorId, payload.mergedId].filter((id): id is string => typeof id === 'string'),
    ),
  ] as EventHandler<unknown>[];
}

export interface AudienceSegmentInput {
  name: string;
  audiences: CampaignAudience[];
  campaignRequestId?: string;
}

/**
 * The portal's facade: a segment whose rules are the OR of a campaign request's audiences. On the
 * campaign-request hot path, so it writes two rows (the segment and its recompute job) in the
 * caller's transaction and computes nothing inline.
 */
export async function defineAudienceSegment(
  runtime: Runtime,
  orgId: string,
  input: AudienceSegmentInput,
  options: { transaction?: Database; createdBy?: string } = {},
): Promise<{ segmentId: string }> {
  const rules = segmentRulesSchema.parse(rulesFromAudiences(input.audiences));
  const db = options.transaction ?? runtime.db;
  const segmentId = uuidv7();
  await insertSegment(db, {
    orgId,
    id: segmentId,
    name: input.name.slice(0, 200),
    rules,
    origin: input.campaignRequestId ? 'campaign_request' : 'manual',
    campaignRequestId: input.campaignRequestId ?? null,
    createdBy: options.createdBy ?? null,
  });
  await scheduleRecompute(runtime, orgId, segmentId, options.transaction);
  return { segmentId };
}

export interface SegmentSummary {
  id: string;
  name: string;
  memberCount: number;
  eligible: { email: number; sms: number; whatsapp: number };
}

export async function segmentSummary(
  runtime: Runtime,
  orgId: string,
  segmentId: string,
): Promise<SegmentSummary | undefined> {
  const segment = await findSegment(runtime.db, orgId, segmentId);
  if (!segment) return undefined;
  const counts = await memberCounts(runtime.db, orgId, segmentId);
  return {
    id: segment.id,
    name: segment.name,
    memberCount: counts.members,
    eligible: { email: counts.email, sms: counts.sms, whatsapp: counts.whatsapp },
  };
}
