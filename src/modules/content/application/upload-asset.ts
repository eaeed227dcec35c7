import { assertWithinQuota } from '../../billing/index.js';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { VersionContent } from '../domain/asset.js';
import { normaliseHashtags, searchTextOf } from '../domain/asset-metadata.js';
import { pngSize } from '../domain/png-size.js';
import { bytesPerMb } from '../infrastructure/usage-meters.js';
import { insertAsset, type AssetRow } from '../infrastructure/assets.repository.js';
import { contentServicesFor } from './content-services.js';
import { formatFindingsOf } from './generate-content.js';
import { mediaKey } from './media-storage.js';

export const maxUploadBytes = 5 * 1024 * 1024;

export interface UploadAsset {
  orgId: string;
  actor: string;
  type: 'text' | 'image';
  title: string;
  description: string;
  hashtags: readonly string[];
  channel?: string;
  language?: string;
  licence?: string;
  rightsExpiresAt?: string;
  /** The copy, for type text. */
  body?: string;
  /** The PNG bytes, for type image. */
  image?: Buffer;
}

/** Adds an uploaded piece to the library as a draft: stored, embedded and format-checked. */
export async function uploadAsset(runtime: Runtime, input: UploadAsset): Promise<AssetRow> {
  const { gateway, storage } = contentServicesFor(runtime);
  const id = uuidv7();
  let content: VersionContent;
  if (input.type === 'image') {
    const bytes = input.image ?? Buffer.alloc(0);
    if (bytes.length > maxUploadBytes) {
      throw new AppError('payload_too_large', 'Images may be at most 5 MB');
    }
    const size = pngSize(bytes);
    if (!size) {
      throw new AppError('unsupported_media_type', 'Only PNG images are accepted', {
        fields: [{ field: 'image', message: 'is not a PNG image' }],
      });
    }
    await assertWithinQuota(
      runtime,
      input.orgId,
      'media_storage_mb',
      Math.ceil(bytes.length / bytesPerMb),
    );
    const key = mediaKey(input.orgId, id, 1);
    await storage.put(key, bytes, 'image/png');
    content = {
      kind: 'image',
      image: { mediaKey: key, ...size, contentType: 'image/png', bytes: bytes.length },
      altText: input.title,
    };
  } else {
    content = { kind: 'text', headline: input.title, body: input.body ?? '' };
  }
  const hashtags = normaliseHashtags(input.hashtags);
  const embedding = await gateway.embed({
    orgId: input.orgId,
    userId: input.actor,
    purpose: 'content.embed-description',
    texts: [input.description],
  });
  return runtime.db.transaction((tx) =>
    insertAsset(
      tx,
      {
        orgId: input.orgId,
        id,
        type: input.type,
        format: input.type === 'image' ? 'image/png' : 'text/plain',
        channel: input.channel ?? null,
        language: input.language ?? null,
        title: input.title,
        description: input.description,
        hashtags,
        searchText: searchTextOf({ title: input.title, description: input.description, hashtags }),
        embedding: embedding.vectors[0] ?? null,
        embeddingModel: embedding.model,
        status: 'draft',
        currentVersion: 1,
        licence: input.licence ?? null,
        rightsExpiresAt: input.rightsExpiresAt ?? null,
        createdBy: input.actor,
      },
      {
        content,
        brandFindings: [],
        formatFindings: formatFindingsOf(content, input.channel ?? null, {}),
        note: 'uploaded',
        createdBy: input.actor,
      },
    ),
  );
}
