import type { Database } from '../../../platform/db/database.js';
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
  /**
   * Queues content for a campaign brief; generation continues in the background. With
   * `transaction`, the request and its generation job are written (and read back) in the caller's
   * transaction: a rollback leaves neither, and the job only runs after the commit.
   */
  requestContent(input: {
    orgId: string;
    userId: string | null;
    brief: ContentBrief;
    transaction?: Database;
  }): Promise<ContentRequestStatus>;
  /** A request's status and assets; undefined when the organisation has no such request. */
  requestStatus(orgId: string, requestId: string): Promise<ContentRequestStatus | undefined>;
}

export function createContentFacade(runtime: Runtime): ContentFacade {
  const view = async (orgId: string, requestId: string, db: Database = runtime.db) => {
    const row = await findContentRequest(db, orgId, requestId);
    if (!row) return undefined;
    const assets = await assetsOfRequest(db, orgId, requestId);
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
    async requestContent({ orgId, userId, brief, transaction }) {
      const row = await submitContentRequest(runtime, {
        orgId,
        createdBy: userId,
        brief,
        transaction,
      });
      return (await view(orgId, row.id, transaction))!;
    },
    requestStatus: (orgId, requestId) => view(orgId, requestId),
  };
}
