import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { expectedAssets, type ContentBrief } from '../domain/content-brief.js';
import { findBrandKit } from '../infrastructure/brand-kits.repository.js';
import {
  insertContentRequest,
  type ContentRequestRow,
} from '../infrastructure/content-requests.repository.js';
import { generateAssetsJob } from './generate-assets.job.js';

export interface SubmitContentRequest {
  orgId: string;
  /** The user (or `client:<id>`) the usage log and the assets are attributed to. */
  createdBy: string | null;
  brief: ContentBrief;
}

/**
 * Records a content request and queues its generation, in one transaction: the job exists only
 * if the request does. Used by the HTTP API, the MCP tool and the portal facade alike.
 */
export async function submitContentRequest(
  runtime: Runtime,
  input: SubmitContentRequest,
): Promise<ContentRequestRow> {
  const { orgId, brief } = input;
  if (brief.brandKitId && !(await findBrandKit(runtime.db, orgId, brief.brandKitId))) {
    throw AppError.validation('The brand kit does not exist', [
      { field: 'brand_kit_id', message: 'is not a brand kit of this organisation' },
    ]);
  }
  const id = uuidv7();
  return runtime.db.transaction(async (tx) => {
    const inserted = await insertContentRequest(tx, {
      orgId,
      id,
      createdBy: input.createdBy,
      brief,
      expected: expectedAssets(brief),
    });
    await runtime.jobs.send(
      generateAssetsJob(runtime),
      { orgId, requestId: id },
      { transaction: tx },
    );
    return inserted;
  });
}
