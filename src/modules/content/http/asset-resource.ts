import { z } from 'zod';
import type { StoredImage, VersionContent } from '../domain/asset.js';
import { rightsStatus } from '../domain/usage-rights.js';
import type {
  AssetReviewRow,
  AssetRow,
  AssetVersionRow,
} from '../infrastructure/assets.repository.js';
import { brandFindingSchema, formatFindingSchema } from './content-schemas.js';

const imageSchema = z.object({
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  content_type: z.string(),
});

/** A version's content as the API shows it (snake_case; media as URLs, not storage keys). */
export const contentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    headline: z.string(),
    body: z.string(),
    call_to_action: z.string().optional(),
    seo: z
      .object({ title: z.string(), meta_description: z.string(), keywords: z.array(z.string()) })
      .optional(),
  }),
  z.object({
    kind: z.literal('image'),
    image: imageSchema,
    headline: z.string().optional(),
    alt_text: z.string(),
  }),
  z.object({
    kind: z.literal('video'),
    script: z.string(),
    scenes: z.array(
      z.object({
        index: z.number().int(),
        visual: z.string(),
        voice_over: z.string(),
        duration_seconds: z.number(),
        frame: imageSchema,
      }),
    ),
  }),
]);

export const versionSchema = z.object({
  version: z.number().int(),
  content: contentSchema,
  brand_findings: z.array(brandFindingSchema),
  format_findings: z.array(formatFindingSchema),
  generation: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
});

export const assetSchema = z.object({
  id: z.string(),
  object: z.literal('asset'),
  type: z.string(),
  format: z.string(),
  channel: z.string().nullable(),
  language: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  hashtags: z.array(z.string()),
  status: z.string().describe('draft, in_review, approved or rejected'),
  current_version: z.number().int(),
  request_id: z.string().nullable(),
  usage_count: z.number().int(),
  usage_rights: z.object({
    licence: z.string().nullable(),
    expires_at: z.string().nullable(),
    expired: z.boolean(),
    expires_soon: z.boolean().describe('Expires within 30 days'),
    alerted_at: z
      .string()
      .nullable()
      .describe('When the expiring-rights alert was raised for the current expiry, else null'),
  }),
  review: z.object({
    reviewed_by: z.string().nullable(),
    comment: z.string().nullable(),
    reviewed_at: z.string().nullable(),
  }),
  file_url: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  version: versionSchema.optional().describe('The current version (single-asset reads)'),
  reviews: z
    .array(
      z.object({
        action: z.string(),
        version: z.number().int(),
        actor: z.string(),
        comment: z.string().nullable(),
        created_at: z.string(),
      }),
    )
    .optional(),
  score: z.number().optional().describe('Similarity to the query, 0–1 (similar search only)'),
});

const fileUrl = (assetId: string, version: number, scene?: number) =>
  `/api/v1/assets/${assetId}/file?version=${version}${scene === undefined ? '' : `&scene=${scene}`}`;

const imageOut = (image: StoredImage, url: string) => ({
  url,
  width: image.width,
  height: image.height,
  bytes: image.bytes,
  content_type: image.contentType,
});

export function contentOut(
  assetId: string,
  version: number,
  content: VersionContent,
): z.infer<typeof contentSchema> {
  switch (content.kind) {
    case 'text':
      return {
        kind: 'text',
        headline: content.headline,
        body: content.body,
        call_to_action: content.callToAction,
        seo: content.seo && {
          title: content.seo.title,
          meta_description: content.seo.metaDescription,
          keywords: content.seo.keywords,
        },
      };
    case 'image':
      return {
        kind: 'image',
        image: imageOut(content.image, fileUrl(assetId, version)),
        headline: content.headline,
        alt_text: content.altText,
      };
    case 'video':
      return {
        kind: 'video',
        script: content.script,
        scenes: content.scenes.map((scene) => ({
          index: scene.index,
          visual: scene.visual,
          voice_over: scene.voiceOver,
          duration_seconds: scene.durationSeconds,
          frame: imageOut(scene.frame, fileUrl(assetId, version, scene.index)),
        })),
      };
  }
}

export function versionOut(row: AssetVersionRow) {
  return {
    version: row.version,
    content: contentOut(row.assetId, row.version, row.content),
    brand_findings: row.brandFindings,
    format_findings: row.formatFindings,
    generation: row.generation,
    note: row.note,
    created_by: row.createdBy,
    created_at: row.createdAt,
  };
}

export function assetOut(
  row: AssetRow,
  extra: { version?: AssetVersionRow; reviews?: AssetReviewRow[]; score?: number } = {},
): z.infer<typeof assetSchema> {
  const rights = rightsStatus(row.rightsExpiresAt, new Date());
  return {
    id: row.id,
    object: 'asset',
    type: row.type,
    format: row.format,
    channel: row.channel,
    language: row.language,
    title: row.title,
    description: row.description,
    hashtags: row.hashtags.map((tag) => `#${tag}`),
    status: row.status,
    current_version: row.currentVersion,
    request_id: row.requestId,
    usage_count: row.usageCount,
    usage_rights: {
      licence: row.licence,
      expires_at: row.rightsExpiresAt,
      expired: rights.expired,
      expires_soon: rights.expiresSoon,
      alerted_at:
        row.rightsAlertedFor !== null && row.rightsAlertedFor === row.rightsExpiresAt
          ? row.rightsAlertedAt
          : null,
    },
    review: {
      reviewed_by: row.reviewedBy,
      comment: row.reviewComment,
      reviewed_at: row.reviewedAt,
    },
    file_url:
      row.type === 'text'
        ? null
        : fileUrl(row.id, row.currentVersion, row.type === 'video' ? 1 : undefined),
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    ...(extra.version ? { version: versionOut(extra.version) } : {}),
    ...(extra.reviews
      ? {
          reviews: extra.reviews.map((r) => ({
            action: r.action,
            version: r.version,
            actor: r.actor,
            comment: r.comment,
            created_at: r.createdAt,
          })),
        }
      : {}),
    ...(extra.score !== undefined ? { score: extra.score } : {}),
  };
}
