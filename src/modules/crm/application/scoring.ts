import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes } from '../domain/crm-events.js';
import { featureNames, featureVector, ruleScore } from '../domain/scoring-features.js';
import {
  accuracy,
  areaUnderCurve,
  fitLogistic,
  inHoldout,
  predict,
  topFactors,
  type Contribution,
  type LogisticModel,
} from '../domain/scoring-model.js';
import type { ScoreFactor } from '../infrastructure/crm.tables.js';
import {
  activeModel,
  loadFitProfile,
  loadSignals,
  type FitProfile,
  organisationsWithContacts,
  saveModel,
  writeScores,
  type ContactSignalsRow,
  type ScoringModelRow,
} from '../infrastructure/scoring.repository.js';
import { reevaluateContact } from '../infrastructure/segments.repository.js';

/** Below this many won/lost contacts (or 5 of either), the score comes from rules, not a model. */
export const minimumLabelled = 30;
const minimumPerClass = 5;
const factorCount = 5;
/**
 * Contacts read and scored per statement. The embedded database runs each statement on the
 * serving thread, where 2,000 scores took 300–400 ms to write during the first start's demo:
 * smaller batches keep every request answered within 200 ms.
 */
const batchSize = (runtime: Runtime) => (runtime.config.database.kind === 'postgres' ? 2_000 : 200);

/**
 * Fits the organisation's purchase-intent model on its own history: contacts with a won deal are
 * positives, contacts with only lost deals negatives. A quarter of them (stable by contact id) is
 * held out to measure AUC and accuracy; with too little history, a rules "model" is recorded.
 */
export async function fitScoringModel(
  runtime: Runtime,
  orgId: string,
  trainedBy: string | null,
): Promise<ScoringModelRow> {
  const profile = await freshFitProfile(runtime, orgId);
  const labelled = (await loadSignals(runtime.db, orgId, { labelled: true }, profile)).filter(
    (row): row is ContactSignalsRow & { label: 0 | 1 } => row.label !== null,
  );
  const won = labelled.filter((row) => row.label === 1).length;
  const lost = labelled.length - won;
  if (labelled.length < minimumLabelled || won < minimumPerClass || lost < minimumPerClass) {
    return saveModel(runtime.db, {
      orgId,
      id: uuidv7(),
      kind: 'rules',
      parameters: null,
      metrics: { auc: null, accuracy: null, trainSize: 0, holdoutSize: 0, won, lost },
      trainedBy,
    });
  }
  const examples = labelled.map((row) => ({
    key: row.contactId,
    features: featureVector(row.signals),
    label: row.label,
  }));
  const train = examples.filter((example) => !inHoldout(example.key));
  const holdout = examples.filter((example) => inHoldout(example.key));
  const model = fitLogistic(featureNames, train);
  const scored = holdout.map((example) => ({
    probability: predict(model, example.features).probability,
    label: example.label,
  }));
  const auc = areaUnderCurve(scored);
  const correct = accuracy(scored);
  return saveModel(runtime.db, {
    orgId,
    id: uuidv7(),
    kind: 'logistic',
    parameters: model,
    metrics: {
      auc: Number.isNaN(auc) ? null : round(auc, 4),
      accuracy: Number.isNaN(correct) ? null : round(correct, 4),
      trainSize: train.length,
      holdoutSize: holdout.length,
      won,
      lost,
    },
    trainedBy,
  });
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function factorsOf(contributions: Contribution[], unit: 'points' | 'log-odds'): ScoreFactor[] {
  return topFactors(contributions, factorCount).map((item) => ({
    name: item.feature,
    weight: round(item.contribution, 3),
    detail: `${unit}; feature value ${round(item.value, 3)}`,
  }));
}

const fitProfileTtlSeconds = 60;
const fitProfileKey = (orgId: string) => `crm:fit-profile:${orgId}`;

/**
 * The won customers' profile read anew (fits and full rescoring) and shared with event-driven
 * rescoring, which would otherwise read the whole organisation's history for every contact.
 */
async function freshFitProfile(runtime: Runtime, orgId: string): Promise<FitProfile> {
  const profile = await loadFitProfile(runtime.db, orgId);
  await runtime.cache.set(fitProfileKey(orgId), profile, fitProfileTtlSeconds);
  return profile;
}

/** A deal closed: the won customers' profile changed, and the next score must see it. */
export async function forgetFitProfile(runtime: Runtime, orgId: string): Promise<void> {
  await runtime.cache.delete(fitProfileKey(orgId));
}

/** Score 0..100 and its top factors, from the model when there is one, else from the rules. */
export function scoreOf(
  model: LogisticModel | null,
  row: ContactSignalsRow,
): { score: number; factors: ScoreFactor[] } {
  const features = featureVector(row.signals);
  if (!model) {
    const rules = ruleScore(features);
    return { score: rules.score, factors: factorsOf(rules.contributions, 'points') };
  }
  const { probability, contributions } = predict(model, features);
  return { score: Math.round(probability * 100), factors: factorsOf(contributions, 'log-odds') };
}

/** Scores the given contacts (or every contact of the organisation, in batches). */
export async function scoreContacts(
  runtime: Runtime,
  orgId: string,
  contactIds?: readonly string[],
): Promise<number> {
  const modelRow = await activeModel(runtime.db, orgId);
  const model = modelRow?.kind === 'logistic' ? modelRow.parameters : null;
  const scoreBatch = async (rows: ContactSignalsRow[]) => {
    await writeScores(
      runtime.db,
      orgId,
      rows.map((row) => ({ contactId: row.contactId, ...scoreOf(model, row) })),
    );
    return rows.length;
  };
  if (contactIds) {
    // Event-driven rescoring (a new lead, a message): the organisation's yardstick may be a minute old.
    const profile = await runtime.cache.getOrLoad(fitProfileKey(orgId), fitProfileTtlSeconds, () =>
      loadFitProfile(runtime.db, orgId),
    );
    return scoreBatch(await loadSignals(runtime.db, orgId, { contactIds }, profile));
  }
  const profile = await freshFitProfile(runtime, orgId);
  let total = 0;
  let afterId: string | undefined;
  for (;;) {
    const rows = await loadSignals(
      runtime.db,
      orgId,
      { afterId, limit: batchSize(runtime) },
      profile,
    );
    if (rows.length === 0) return total;
    total += await scoreBatch(rows);
    afterId = rows.at(-1)!.contactId;
  }
}

const scorePayload = z.object({ orgId: z.uuid().optional(), refit: z.boolean().optional() });
type ScorePayload = z.infer<typeof scorePayload>;

/**
 * The batch: nightly at 02:30 UTC, one job per organisation refits its model and rescores every
 * contact (a day's decay of recency and new won/lost deals move scores even without events).
 */
export function scoreContactsJob(runtime: Runtime): JobDefinition<ScorePayload> {
  const definition: JobDefinition<ScorePayload> = defineJob({
    name: 'crm.score-contacts',
    payload: scorePayload,
    cron: '30 2 * * *',
    concurrency: 1,
    expireInSeconds: 3_600,
    async handle({ orgId, refit }, context) {
      if (!orgId) {
        const orgs = await organisationsWithContacts(runtime.db);
        await runtime.jobs.sendMany(
          definition,
          orgs.map((id) => ({ orgId: id, refit: true })),
        );
        return;
      }
      if (refit) await fitScoringModel(runtime, orgId, null);
      const scored = await scoreContacts(runtime, orgId);
      context.log.info({ orgId, scored }, 'crm: contacts scored');
    },
  });
  return definition;
}

/**
 * Scores follow what a person does: a captured lead, a message either way, a deal moving or
 * closing rescores that contact at once (and re-tests its segments, since score is a field).
 */
export function scoringEventHandlers(runtime: Runtime): EventHandler<unknown>[] {
  const rescore = (eventType: string): EventHandler<Record<string, unknown>> => ({
    name: `crm.score-on-${eventType.replace(/^crm\./, '')}`,
    eventType,
    handle: async (event) => {
      const contactId = event.payload.contactId;
      if (!event.orgId || typeof contactId !== 'string') return;
      await scoreContacts(runtime, event.orgId, [contactId]);
      await reevaluateContact(runtime.db, event.orgId, contactId);
    },
  });
  return [
    crmEventTypes.leadCaptured,
    crmEventTypes.messageReceived,
    crmEventTypes.messageSent,
    crmEventTypes.dealStageChanged,
    crmEventTypes.dealWon,
    crmEventTypes.dealLost,
  ].map(rescore) as EventHandler<unknown>[];
}
