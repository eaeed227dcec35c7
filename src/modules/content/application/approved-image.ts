import type { Runtime } from '../../../platform/runtime.js';
import { findAsset, findVersion } from '../infrastructure/assets.repository.js';
import { contentServicesFor } from './content-services.js';

/** An approved image asset as a channel publishes it. */
export interface ApprovedImage {
  assetId: string;
  version: number;
  bytes: Buffer;
  contentType: string;
  altText: string;
}

/**
 * The image of an approved asset (its current version), for a channel to upload with the ad.
 * Undefined when the asset is not the organisation's, not approved, or not an image: the ad is
 * then published without it, as the platform's own creative.
 */
export async function approvedImageOf(
  runtime: Runtime,
  orgId: string,
  assetId: string,
): Promise<ApprovedImage | undefined> {
  const asset = await findAsset(runtime.db, orgId, assetId);
  if (!asset || asset.status !== 'approved') return undefined;
  const version = await findVersion(runtime.db, orgId, assetId, asset.currentVersion);
  if (version?.content.kind !== 'image') return undefined;
  const bytes = await contentServicesFor(runtime).storage.get(version.content.image.mediaKey);
  if (!bytes) return undefined;
  return {
    assetId,
    version: asset.currentVersion,
    bytes,
    contentType: version.content.image.contentType,
    altText: version.content.altText,
  };
}
