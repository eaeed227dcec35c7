import type { ApiItem, ApiResponse } from '../api/resources';

/** The campaign request resource (camelCase: the fixed contract, ADR 0007). */
export type CampaignRequest = ApiResponse<'/api/v1/campaign-requests/{id}'>;
type Proposal = NonNullable<CampaignRequest['proposal']>;
export type ProposedAdSet = Proposal['adSets'][number];
export type ProposedVariant = Proposal['contentVariants'][number];

export type AgendaTask = ApiItem<'/api/v1/agenda'>;
