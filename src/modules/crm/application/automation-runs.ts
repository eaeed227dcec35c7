import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  flowEvents,
  scheduleOccurrence,
  type FlowTrigger,
  type RunLogEntry,
} from '../domain/automation-flow.js';
import {
  advanceRun,
  contactsMatching,
  enabledFlows,
  findFlow,
  findRun,
  insertRuns,
  logAttempt,
  scheduledFlows,
  type FlowRow,
} from '../infrastructure/automations.repository.js';
import { runAction } from './automation-actions.js';

const stepPayload = z.object({ orgId: z.uuid(), runId: z.uuid(), step: z.number().int().min(0) });
type StepPayload = z.infer<typeof stepPayload>;

const stepRetries = 3;
/** Runs a scheduled flow starts per tick at most; the rest wait for the next occurrence. */
const scheduledRunsPerTick = 10_000;

const stepJobs = new WeakMap<Runtime, JobDefinition<StepPayload>>();

/**
 * One job per step of a run. A step that fails is retried by the queue (webhooks, channels);
 * after the last retry the run is marked failed. A `wait` step schedules the next one later.
 * Redelivered jobs find the run moved on and do nothing.
 */
export function automationStepJob(runtime: Runtime): JobDefinition<StepPayload> {
  const existing = stepJobs.get(runtime);
  if (existing) return existing;
  const definition: JobDefinition<StepPayload> = defineJob({
    name: 'crm.automation-step',
    payload: stepPayload,
    retryLimit: stepRetries,
    retryDelaySeconds: 5,
    concurrency: 16,
    expireInSeconds: 300,
    async handle({ orgId, runId, step }, context) {
      const run = await findRun(runtime.db, orgId, runId);
      if (!run || run.nextStep !== step || !['running', 'waiting'].includes(run.status)) return;
      const flow = await findFlow(runtime.db, orgId, run.flowId);
      const action = flow?.steps[step];
      if (!flow || !action) {
        await advanceRun(runtime.db, run, step, {
          nextStep: step,
          status: 'failed',
          finished: true,
          entry: entry(step, 'conditions', 'failed', { error: 'the flow or its step was removed' }),
        });
        return;
      }
      try {
        const detail = await runAction(runtime, { flow, run, action, step });
        const last = step + 1 >= flow.steps.length;
        const waiting = action.action === 'wait';
        const advanced = await advanceRun(runtime.db, run, step, {
          nextStep: step + 1,
          status: last ? 'completed' : waiting ? 'waiting' : 'running',
          finished: last,
          entry: entry(step, action.action, waiting ? 'waiting' : 'completed', { detail }),
        });
        if (advanced && !last)
          await runtime.jobs.send(
            definition,
            { orgId, runId, step: step + 1 },
            {
              singletonKey: `${runId}:${step + 1}`,
              startAfterSeconds: waiting ? action.minutes * 60 : undefined,
            },
          );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (context.attempt < stepRetries) {
          await logAttempt(
            runtime.db,
            run,
            entry(step, action.action, 'failed', { error: `${message} (will retry)` }),
          );
          throw error;
        }
        await advanceRun(runtime.db, run, step, {
          nextStep: step,
          status: 'failed',
          finished: true,
          entry: entry(step, action.action, 'failed', { error: message }),
        });
      }
    },
  });
  stepJobs.set(runtime, definition);
  return definition;
}

function entry(
  step: number,
  action: RunLogEntry['action'],
  status: RunLogEntry['status'],
  extra: { detail?: string; error?: string },
): RunLogEntry {
  return { step, action, status, at: new Date().toISOString(), ...extra };
}

/**
 * Starts a flow for contacts on one trigger occurrence. Contacts that fail the conditions get a
 * `skipped` run (visible in the log); the unique (flow, contact, occurrence) key makes a
 * redelivered trigger start nothing twice.
 */
export async function startRuns(
  runtime: Runtime,
  flow: FlowRow,
  contactIds: readonly string[],
  occurrenceKey: string,
  options: { recordSkipped: boolean },
): Promise<number> {
  const matching = new Set(
    await contactsMatching(runtime.db, flow.orgId, flow.conditions, contactIds),
  );
  const candidates = options.recordSkipped
    ? contactIds
    : contactIds.filter((id) => matching.has(id));
  const created = await runtime.db.transaction(async (tx) => {
    const runs = await insertRuns(
      tx,
      candidates.map((contactId) => {
        const passes = matching.has(contactId);
        return {
          orgId: flow.orgId,
          id: uuidv7(),
          flowId: flow.id,
          contactId,
          occurrenceKey,
          status: passes ? 'running' : 'skipped',
          log: passes
            ? []
            : [entry(0, 'conditions', 'skipped', { detail: 'the contact does not match' })],
          ...(passes ? {} : { finishedAt: new Date().toISOString() }),
        };
      }),
    );
    const started = runs.filter((run) => run.status === 'running');
    await runtime.jobs.sendMany(
      automationStepJob(runtime),
      started.map((run) => ({ orgId: run.orgId, runId: run.id, step: 0 })),
      { transaction: tx },
    );
    return started.length;
  });
  return created;
}

/** CRM events start the flows whose trigger names them, for the event's contact. */
export function automationEventHandlers(runtime: Runtime): EventHandler<unknown>[] {
  return flowEvents.map((eventType): EventHandler<Record<string, unknown>> => ({
    name: `crm.automations-on-${eventType.replace(/^crm\./, '')}`,
    eventType,
    handle: async (event) => {
      const contactId = event.payload.contactId;
      if (!event.orgId || typeof contactId !== 'string') return;
      const flows = await enabledFlows(runtime.db, event.orgId, `event:${eventType}`);
      for (const flow of flows)
        await startRuns(runtime, flow, [contactId], `event:${event.id}`, {
          recordSkipped: true,
        });
    },
  })) as EventHandler<unknown>[];
}

/** Flows triggered by entry into a segment, for the contacts that just entered it. */
export async function startSegmentEntryRuns(
  runtime: Runtime,
  orgId: string,
  segmentId: string,
  contactIds: readonly string[],
): Promise<void> {
  if (contactIds.length === 0) return;
  const flows = await enabledFlows(runtime.db, orgId, `segment:${segmentId}`);
  // One run per contact and day: leaving and re-entering the same day does not repeat a flow.
  const day = new Date().toISOString().slice(0, 10);
  for (const flow of flows)
    await startRuns(runtime, flow, contactIds, `segment:${segmentId}:${day}`, {
      recordSkipped: false,
    });
}

/** Every minute: scheduled flows due now start for the contacts matching their conditions. */
export function automationScheduleJob(runtime: Runtime): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'crm.automation-schedules',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    concurrency: 1,
    async handle(_payload, context) {
      const now = new Date();
      for (const flow of await scheduledFlows(runtime.db)) {
        const trigger = flow.trigger as Extract<FlowTrigger, { type: 'schedule' }>;
        const occurrence = scheduleOccurrence(trigger.every_minutes, now);
        if (!occurrence) continue;
        const contactIds = await contactsMatching(runtime.db, flow.orgId, flow.conditions, {
          limit: scheduledRunsPerTick,
        });
        const started = await startRuns(runtime, flow, contactIds, occurrence, {
          recordSkipped: false,
        });
        context.log.debug({ flowId: flow.id, started }, 'crm: scheduled flow started');
      }
    },
  });
}
