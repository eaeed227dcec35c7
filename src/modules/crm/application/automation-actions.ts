import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { renderTemplate, webhookSignature, type FlowStep } from '../domain/automation-flow.js';
import { crmEventTypes, type DealStageChangedPayload } from '../domain/crm-events.js';
import {
  addContactTag,
  assignContactOwner,
  moveNewestOpenDeal,
  type FlowRow,
  type RunRow,
} from '../infrastructure/automations.repository.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { reevaluateContact } from '../infrastructure/segments.repository.js';
import { crmServicesFor } from './crm-services.js';
import { sendToContact } from './automation-messages.js';

const webhookTimeoutMs = 5_000;

export interface StepContext {
  flow: FlowRow;
  run: RunRow;
  action: FlowStep;
  step: number;
}

/**
 * Runs one action for the run's contact and says what it did. Throws on failure (the step job
 * retries). Writes here publish no `crm.contact-updated`: a flow reacting to its own tag would
 * loop. Segment membership is re-tested directly instead.
 */
export async function runAction(runtime: Runtime, context: StepContext): Promise<string> {
  const { run, action } = context;
  const { orgId, contactId } = run;
  switch (action.action) {
    case 'wait':
      return `next step in ${action.minutes} min`;
    case 'add_tag': {
      await addContactTag(runtime.db, orgId, contactId, action.tag.toLowerCase());
      await reevaluateContact(runtime.db, orgId, contactId);
      return `tag ${action.tag.toLowerCase()}`;
    }
    case 'assign_owner': {
      await assignContactOwner(runtime.db, orgId, contactId, action.user_id);
      return `owner ${action.user_id}`;
    }
    case 'move_deal_stage': {
      const moved = await runtime.db.transaction(async (tx) => {
        const result = await moveNewestOpenDeal(tx, orgId, contactId, action.stage_id);
        if (!result.ok) return result;
        const deal = result.deal;
        const payload: DealStageChangedPayload = {
          orgId,
          dealId: deal.id,
          contactId: deal.contactId,
          pipelineId: deal.pipelineId,
          stageId: deal.stageId,
          amountMinor: deal.amountMinor,
          currency: deal.currency,
          campaignId: deal.campaignId,
          fromStageId: result.fromStageId,
        };
        await runtime.events.publish(tx, {
          type: crmEventTypes.dealStageChanged,
          orgId,
          payload,
        });
        if (result.stageKind === 'won')
          await runtime.events.publish(tx, { type: crmEventTypes.dealWon, orgId, payload });
        if (result.stageKind === 'lost')
          await runtime.events.publish(tx, {
            type: crmEventTypes.dealLost,
            orgId,
            payload: { ...payload, reason: 'automation' },
          });
        return result;
      });
      // An expected outcome, not an outage: logged on the run, not retried.
      return moved.ok
        ? `deal ${moved.deal.id} moved to ${action.stage_id}`
        : `not moved: ${moved.reason}`;
    }
    case 'call_webhook':
      return callWebhook(runtime, context, action.url);
    case 'send_message': {
      const contact = await findContact(runtime.db, orgId, contactId);
      if (!contact || contact.erasedAt) return 'not sent: the contact no longer exists';
      const values = {
        first_name: contact.firstName,
        last_name: contact.lastName,
        city: contact.city,
        country: contact.country,
      };
      const sent = await sendToContact(runtime, {
        orgId,
        contactId,
        channel: action.channel,
        subject: action.subject ? renderTemplate(action.subject, values) : undefined,
        body: renderTemplate(action.body, values),
        transactional: false,
      });
      return sent.detail;
    }
  }
}

async function callWebhook(runtime: Runtime, context: StepContext, url: string): Promise<string> {
  const { flow, run } = context;
  if (!flow.webhookSecretEncrypted)
    throw new AppError('unprocessable', 'The flow has no webhook secret');
  const secret = crmServicesFor(runtime).crypto.decrypt(flow.webhookSecretEncrypted);
  const body = JSON.stringify({
    type: 'crm.automation.step',
    flow_id: flow.id,
    run_id: run.id,
    step: context.step,
    contact_id: run.contactId,
    occurrence: run.occurrenceKey,
    sent_at: new Date().toISOString(),
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'promptsales-signature': webhookSignature(secret, Math.floor(Date.now() / 1000), body),
      'idempotency-key': `${run.id}:${context.step}`,
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(webhookTimeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  return `webhook answered ${response.status}`;
}
