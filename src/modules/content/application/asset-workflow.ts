import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Database } from '../../../platform/db/database.js';
import { transition, type ApprovalState, type ReviewAction } from '../domain/approval.js';
import type { VersionContent } from '../domain/asset.js';
import { checkBrandText } from '../domain/brand-check.js';
import {
  findAsset,
  findVersion,
  insertReview,
  insertVersion,
  updateAsset,
  type AssetRow,
} from '../infrastructure/assets.repository.js';
import { findBrandKit, type BrandKitRow } from '../infrastructure/brand-kits.repository.js';
import { findContentRequest } from '../infrastructure/content-requests.repository.js';
import { formatFindingsOf, joinText } from './generate-content.js';

/** The brand kit an asset is checked against: the one its request named, if any. */
export async function brandKitOfAsset(
  db: Database,
  asset: AssetRow,
): Promise<BrandKitRow | undefined> {
  if (!asset.requestId) return undefined;
  const request = await findContentRequest(db, asset.orgId, asset.requestId);
  const kitId = request?.brief.brandKitId;
  return kitId ? findBrandKit(db, asset.orgId, kitId) : undefined;
}

/**
 * Moves an asset through review (submit, approve, reject), recording who did it and why. Runs in
 * one transaction with the asset row locked, so two reviewers cannot both decide.
 */
export async function reviewAsset(
  db: Database,
  orgId: string,
  assetId: string,
  action: Exclude<ReviewAction, 'edit'>,
  actor: string,
  comment: string | null,
): Promise<AssetRow> {
  return db.transaction(async (tx) => {
    const asset = await findAsset(tx, orgId, assetId, { forUpdate: true });
    if (!asset) throw AppError.notFound('Asset', assetId);
    const result = transition(asset.status as ApprovalState, action, comment);
    if (!result.ok) {
      throw result.reason === 'comment_required'
        ? AppError.validation(result.message, [
            { field: 'comment', message: 'is required to reject' },
          ])
        : new AppError('conflict', result.message, { status: asset.status });
    }
    await insertReview(tx, {
      orgId,
      id: uuidv7(),
      assetId,
      version: asset.currentVersion,
      action,
      actor,
      comment,
    });
    const decided = action === 'approve' || action === 'reject';
    const updated = await updateAsset(tx, orgId, assetId, {
      status: result.state,
      ...(decided
        ? { reviewedBy: actor, reviewComment: comment, reviewedAt: new Date().toISOString() }
        : {}),
    });
    return updated!;
  });
}

/**
 * Adds a version with new content. The content is checked again (brand and format), and the
 * asset goes back to draft: an approval covers the version that was reviewed.
 */
export async function addVersion(
  db: Database,
  asset: AssetRow,
  content: VersionContent,
  actor: string,
  note: string | null,
): Promise<AssetRow> {
  const kit = await brandKitOfAsset(db, asset);
  const brandFindings = kit ? checkBrandText(joinText(content), kit) : [];
  const formatFindings = formatFindingsOf(content, asset.channel, kit?.channelLimits ?? {});
  return db.transaction(async (tx) => {
    const locked = await findAsset(tx, asset.orgId, asset.id, { forUpdate: true });
    if (!locked) throw AppError.notFound('Asset', asset.id);
    const version = locked.currentVersion + 1;
    await insertVersion(tx, {
      orgId: asset.orgId,
      assetId: asset.id,
      version,
      content,
      brandFindings,
      formatFindings,
      generation: null,
      note,
      createdBy: actor,
    });
    const state = transition(locked.status as ApprovalState, 'edit');
    const updated = await updateAsset(tx, asset.orgId, asset.id, {
      currentVersion: version,
      status: state.ok ? state.state : 'draft',
      format: content.kind === 'image' ? 'image/png' : locked.format,
      title: content.kind === 'text' ? content.headline : locked.title,
    });
    return updated!;
  });
}

/** The current version of an asset (every asset has one). */
export async function currentVersion(db: Database, asset: AssetRow) {
  const version = await findVersion(db, asset.orgId, asset.id, asset.currentVersion);
  if (!version) throw new Error(`Asset ${asset.id} has no version ${asset.currentVersion}`);
  return version;
}
