import { type z } from 'zod';
import type { Runtime } from '../../../platform/runtime.js';
import type { VersionContent } from '../domain/asset.js';
import type { ContentBrief } from '../domain/content-brief.js';
import { findVersion, type AssetRow } from '../infrastructure/assets.repository.js';
import type { ContentRequestRow } from '../infrastructure/content-requests.repository.js';
import { briefSchema } from '../application/content-brief-request.js';

/** PostgreSQL's text form of a timestamptz (`2026-12-07 09:18:59.1+00`) as ISO 8601 UTC. */
export const iso = (value: string) => new Date(value).toISOString();
const isoOrNull = (value: string | null) => (value === null ? null : iso(value));

/** The brief as MCP arguments spell it (camelCase, ADR 0013); the REST body is snake_case. */
export const mcpBriefSchema = briefSchema
  .omit({ call_to_action: true, campaign_reference: true, brand_kit_id: true })
  .extend({
    callToAction: briefSchema.shape.call_to_action,
    campaignReference: briefSchema.shape.campaign_reference,
    brandKitId: briefSchema.shape.brand_kit_id,
  });

export function briefFromMcp(input: z.infer<typeof mcpBriefSchema>): ContentBrief {
  return { ...input };
}

const fileUrl = (asset: AssetRow, scene?: number) =>
  `/api/v1/assets/${asset.id}/file?version=${asset.currentVersion}${scene ? `&scene=${scene}` : ''}`;

/** The generated material itself: the copy, the banner's text and file, the script and scenes. */
function contentOf(asset: AssetRow, content: VersionContent) {
  switch (content.kind) {
    case 'text':
      return {
        headline: content.headline,
        body: content.body,
        callToAction: content.callToAction ?? null,
        seo: content.seo ?? null,
      };
    case 'image':
      return {
        headline: content.headline ?? null,
        altText: content.altText,
        fileUrl: fileUrl(asset),
        width: content.image.width,
        height: content.image.height,
      };
    case 'video':
      return {
        script: content.script,
        scenes: content.scenes.map((scene) => ({
          index: scene.index,
          visual: scene.visual,
          voiceOver: scene.voiceOver,
          durationSeconds: scene.durationSeconds,
          frameUrl: fileUrl(asset, scene.index),
        })),
      };
  }
}

/** Each asset of a request with its current version's content. */
export async function generatedAssets(runtime: Runtime, orgId: string, assets: AssetRow[]) {
  return Promise.all(
    assets.map(async (asset) => {
      const version = await findVersion(runtime.db, orgId, asset.id, asset.currentVersion);
      return {
        id: asset.id,
        type: asset.type,
        title: asset.title,
        status: asset.status,
        channel: asset.channel,
        language: asset.language,
        hashtags: asset.hashtags.map((tag) => `#${tag}`),
        version: asset.currentVersion,
        content: version ? contentOf(asset, version.content) : null,
        createdAt: iso(asset.createdAt),
      };
    }),
  );
}

/** A content request for agents: camelCase, ISO 8601 instants, and the generated content. */
export function requestView(
  row: ContentRequestRow,
  assets?: Awaited<ReturnType<typeof generatedAssets>>,
) {
  return {
    id: row.id,
    status: row.status,
    failureReason: row.failureReason,
    brief: row.brief,
    progress: { generated: row.generated, expected: row.expected },
    attempts: row.attempts,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    ...(assets ? { assets } : {}),
  };
}

/** What an agent needs of a library asset: what it is, its hashtags and where its file is. */
export const libraryItem = (row: AssetRow, score?: number) => ({
  id: row.id,
  type: row.type,
  title: row.title,
  description: row.description,
  hashtags: row.hashtags.map((tag) => `#${tag}`),
  channel: row.channel,
  status: row.status,
  fileUrl: row.type === 'text' ? null : fileUrl(row, row.type === 'video' ? 1 : undefined),
  createdAt: iso(row.createdAt),
  ...(score !== undefined ? { score: Math.round(score * 1000) / 1000 } : {}),
});
