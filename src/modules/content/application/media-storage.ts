/**
 * Where asset bytes (banners, storyboard frames) live. The database keeps only keys. Local disk by
 * default; an S3-compatible bucket with MEDIA_STORAGE=s3 (docs/content.md).
 */
export interface MediaStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
}

/** Keys are `<org>/<asset>/v<version>[-scene<n>].png`: the organisation first, so a bucket policy or a purge can work per tenant. */
export function mediaKey(orgId: string, assetId: string, version: number, scene?: number): string {
  return `${orgId}/${assetId}/v${version}${scene === undefined ? '' : `-scene${scene}`}.png`;
}
