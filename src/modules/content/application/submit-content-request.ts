import { unknownReference } from '../../../platform/references.js';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
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
  /**
   * The caller's transaction (the portal's campaign request): the request row and its job are
   * written in it, so both disappear if it rolls back. Every read goes through it too (PGlite has
   * one connection, so a read outside an open transaction would wait for it forever).
   */
  transaction?: Database;
}

/**
 * Records a content request and queues its generation, in one transaction (the caller's when
 * given): the job exists only if the request does. Used by the HTTP API, the MCP tool and the
 * portal facade alike.
 */
export async function submitContentRequest(
  runtime: Runtime,
  input: SubmitContentRequest,
): Promise<ContentRequestRow> {
  const { orgId, brief, transaction } = input;
  const db = transaction ?? runtime.db;
  if (brief.brandKitId && !(await findBrandKit(db, orgId, brief.brandKitId))) {
    throw unknownReference('body.brand_kit_id', 'content.brand-kit');
  }
  const id = uuidv7();
  const write = async (tx: Database) => {
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
  };
  return transaction ? write(transaction) : runtime.db.transaction(write);
}
