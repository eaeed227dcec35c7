import type { FastifyReply, FastifyRequest } from 'fastify';
import '../../../platform/http/audit.js';
import { authOf } from '../../../platform/http/authentication.js';
import type { StoredResponse } from '../../../platform/http/idempotency-store.js';
import { replyToUsedKey } from '../../../platform/http/idempotency.js';
import type { CampaignRequestRow } from '../infrastructure/campaign-requests.repository.js';
import type { SubmitOutcome } from '../application/campaign-request-intake.js';
import type { SubmitContext } from '../application/submit-campaign-request.js';
import type { Runtime } from '../../../platform/runtime.js';
import { principalNames } from '../../identity/index.js';
import {
  toCampaignRequestResource,
  type PrincipalNames,
} from '../application/campaign-request-contract.js';

/**
 * Who submits, and the request's Idempotency-Key with the 202 it will be answered with, so the
 * key and its response are recorded in the same transaction as the request itself.
 */
export async function submitContextOf(
  runtime: Runtime,
  request: FastifyRequest,
): Promise<SubmitContext> {
  const auth = authOf(request);
  const { idempotency } = request;
  // The caller's own name (cached): the 202 names who asked like every later read does.
  const names = await principalNames(runtime, auth.orgId, [auth.principalId]);
  const acceptedResponse = (row: CampaignRequestRow) => acceptedResponseOf(row, names);
  return {
    orgId: auth.orgId,
    actor: auth.principalId,
    userId: auth.userId,
    idempotency: idempotency && {
      ...idempotency,
      respond: acceptedResponse,
    },
  };
}

/** The 202 a request is answered with, serialised once for the reply and its Idempotency-Key. */
function acceptedResponseOf(row: CampaignRequestRow, names: PrincipalNames): StoredResponse {
  return {
    status: 202,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(toCampaignRequestResource(row, names)),
  };
}

/** 202 with the accepted request, or the answer its Idempotency-Key already had. */
export async function replyToSubmission(
  runtime: Runtime,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: SubmitOutcome,
): Promise<FastifyReply> {
  if (outcome.kind === 'key_used') return replyToUsedKey(reply, outcome.state);
  const { row } = outcome;
  const response =
    outcome.response ??
    acceptedResponseOf(row, await principalNames(runtime, row.orgId, [row.createdBy]));
  request.auditContext = { target: row.id };
  return reply
    .status(response.status)
    .type(response.contentType ?? 'application/json')
    .header('location', `/api/v1/campaign-requests/${row.id}`)
    .send(response.body);
}
