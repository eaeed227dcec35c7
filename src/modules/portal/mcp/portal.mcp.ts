import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpCaller, McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { approveCampaignRequest, type Actor } from '../application/decide-campaign-request.js';
import { submitCampaignRequest } from '../application/submit-campaign-request.js';
import {
  findCampaignRequest,
  listCampaignRequests,
} from '../infrastructure/campaign-requests.repository.js';
import {
  approveBody,
  campaignRequestBody,
  campaignRequestResource,
} from '../application/campaign-request-contract.js';

const actorOf = (caller: McpCaller): Actor => ({
  orgId: requireOrgId(caller),
  principalId: caller.principalId,
  userId: caller.userId,
});

export function registerPortalMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'portal_submit_campaign_request',
    title: 'Submit a campaign request',
    description:
      'Submits a campaign request (name, objective leads|sales|awareness, product, messages, audiences with countries/ages/interests, channels, budget in minor units with currency, startsAt/endsAt dates, language en|es for the copy — default: the organisation’s language). The AI plans it in the background; follow it with portal_get_campaign_request until awaiting_approval. A person approves it in the web app.',
    input: campaignRequestBody.shape,
    readOnly: false,
    feature: 'campaign_requests',
    permission: 'campaigns:request',
    run: async (input, { runtime, caller }) => {
      const parsed = campaignRequestBody.safeParse(input);
      if (!parsed.success)
        throw AppError.validation(
          'The campaign request is invalid',
          parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        );
      const actor = actorOf(caller);
      const { strategyId, ...fields } = parsed.data;
      const outcome = await submitCampaignRequest(
        runtime,
        { orgId: actor.orgId, actor: actor.principalId, userId: actor.userId },
        { ...fields, strategyId },
      );
      // Without an Idempotency-Key every submission is a new request.
      if (outcome.kind !== 'accepted') throw new Error('A keyless submission cannot reuse a key');
      return campaignRequestResource(runtime, outcome.row);
    },
  });

  registry.tool({
    name: 'portal_get_campaign_request',
    title: 'Campaign request status and proposal',
    description:
      'Status (planning, awaiting_approval, approved, rejected, scheduled, active, completed, failed with the reason), the AI proposal (ad sets with budget split, content variants, timing, suggestions) and the decisions of a campaign request.',
    input: { requestId: z.uuid().describe('The id portal_submit_campaign_request returned') },
    readOnly: true,
    permission: 'campaigns:read',
    run: async ({ requestId: id }, { runtime, caller }) => {
      const row = await findCampaignRequest(runtime.db, requireOrgId(caller), id);
      if (!row) throw AppError.notFound('Campaign request', id);
      return campaignRequestResource(runtime, row);
    },
  });

  registry.tool({
    name: 'portal_list_pending_approvals',
    title: 'Campaign proposals awaiting approval',
    description:
      'Campaign requests whose AI proposal awaits a person’s approval, newest first: name, objective, budget, dates, number of ad sets and variants, suggestions.',
    input: { limit: z.number().int().min(1).max(100).default(20) },
    readOnly: true,
    permission: 'campaigns:read',
    run: async ({ limit }, { runtime, caller }) => {
      const rows = await listCampaignRequests(runtime.db, requireOrgId(caller), {
        status: 'awaiting_approval',
        limit,
      });
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        objective: row.objective,
        budget: { amount: row.budgetMinor, currency: row.currency },
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        adSets: row.proposal?.adSets.length ?? 0,
        contentVariants: row.proposal?.contentVariants.length ?? 0,
        suggestions: row.proposal?.suggestions ?? [],
      }));
    },
  });

  registry.tool({
    name: 'portal_approve_campaign_request',
    title: 'Approve a campaign proposal',
    description:
      'Approves a proposal awaiting approval, whole or item by item (adSets / contentVariants with decision approved|rejected and a comment). Only callers whose role may approve (owner, admin) can use it; everyone else approves in the web app.',
    input: {
      requestId: z.uuid().describe('The id portal_submit_campaign_request returned'),
      ...approveBody.unwrap().shape,
    },
    readOnly: false,
    feature: 'campaign_requests',
    permission: 'campaigns:approve',
    run: async ({ requestId: id, ...decision }, { runtime, caller }) => {
      const row = await approveCampaignRequest(runtime, actorOf(caller), id, decision);
      return campaignRequestResource(runtime, row);
    },
  });
}
