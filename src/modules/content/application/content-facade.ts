import type { Runtime } from '../../../platform/runtime.js';
import type { ContentBrief } from '../domain/content-brief.js';
import { assetsOfRequest } from '../infrastructure/assets.repository.js';
import { findContentRequest } from '../infrastructure/content-requests.repository.js';
import { submitContentRequest } from './submit-content-request.js';

export interface ContentRequestStatus {
  requestId: string;
  status: 'queued' | 'generating' | 'completed' | 'failed';
  failureReason: string | null;
  generated: number;
  expected: number;
  assets: { id: string; type: string; title: string; status: string }[];
}

/** What other modules (the portal's campaign request) use of PromptContent. */
export interface ContentFacade {
  /** Queues content for a campaign brief; generation continues in the background. */
  requestContent(input: {
    orgId: string;
    userId: string | null;
    brief: ContentBrief;
  }): Promise<ContentRequestStatus>;
  /** A request's status and assets; undefined when the organisation has no such request. */
  requestStatus(orgId: string, requestId: string): Promise<ContentRequestStatus | undefined>;
}

export function createContentFacade(runtime: Runtime): ContentFacade {
  const view = async (orgId: string, requestId: string) => {
    const row = await findContentRequest(runtime.db, orgId, requestId);
    if (!row) return undefined;
    const assets = await assetsOfRequest(runtime.db, orgId, requestId);
    return {
      requestId: row.id,
      status: row.status as ContentRequestStatus['status'],
      failureReason: row.failureReason,
      generated: row.generated,
      expected: row.expected,
      assets: assets.map((a) => ({ id: a.id, type: a.type, title: a.title, status: a.status })),
    };
  };
  return {
    async requestContent({ orgId, userId, brief }) {
      const row = await submitContentRequest(runtime, { orgId, createdBy: userId, brief });
      return (await view(orgId, row.id))!;
    },
    requestStatus: view,
  };
}
