import { unknownReference } from '../../../platform/references.js';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Database } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { findAsset, findVersion, type AssetRow } from '../infrastructure/assets.repository.js';
import type { MediaStorage } from './media-storage.js';

/** One asset as an exporter receives it: metadata, current content and its files. */
export interface ExportItem {
  asset: AssetRow;
  files: { name: string; bytes: Uint8Array }[];
  manifest: Record<string, unknown>;
}

/** Loads assets of one organisation with their files; 400 if any id is not the organisation's. */
export async function loadExportItems(
  db: Database,
  storage: MediaStorage,
  orgId: string,
  ids: readonly string[],
): Promise<ExportItem[]> {
  const items: ExportItem[] = [];
  for (const id of new Set(ids)) {
    const asset = await findAsset(db, orgId, id);
    if (!asset) throw unknownReference('body.asset_ids', 'content.asset');
    const version = await findVersion(db, orgId, id, asset.currentVersion);
    if (!version) throw AppError.notFound('Asset', id);
    const files: ExportItem['files'] = [];
    const content = version.content;
    if (content.kind === 'text') {
      const text = [content.headline, '', content.body, '', content.callToAction ?? ''].join('\n');
      files.push({ name: 'copy.txt', bytes: strToU8(text.trimEnd() + '\n') });
    } else if (content.kind === 'image') {
      const bytes = await storage.get(content.image.mediaKey);
      if (bytes) files.push({ name: 'image.png', bytes });
    } else {
      files.push({ name: 'script.txt', bytes: strToU8(content.script + '\n') });
      for (const scene of content.scenes) {
        const bytes = await storage.get(scene.frame.mediaKey);
        if (bytes) files.push({ name: `scene-${scene.index}.png`, bytes });
      }
    }
    items.push({
      asset,
      files,
      manifest: {
        id: asset.id,
        type: asset.type,
        title: asset.title,
        description: asset.description,
        hashtags: asset.hashtags.map((tag) => `#${tag}`),
        channel: asset.channel,
        language: asset.language,
        status: asset.status,
        version: asset.currentVersion,
        licence: asset.licence,
        rights_expires_at: asset.rightsExpiresAt,
        files: files.map((file) => `${asset.id}/${file.name}`),
      },
    });
  }
  return items;
}

/** A zip: one folder per asset with its files, and manifest.json describing them all. */
export function zipOf(items: readonly ExportItem[]): Uint8Array {
  const tree: Zippable = {
    'manifest.json': strToU8(
      JSON.stringify(
        { exported_at: new Date().toISOString(), assets: items.map((i) => i.manifest) },
        null,
        2,
      ),
    ),
  };
  for (const item of items) {
    const folder: Zippable = {};
    // PNGs are already compressed: store them as they are.
    for (const file of item.files) {
      folder[file.name] = file.name.endsWith('.png') ? [file.bytes, { level: 0 }] : file.bytes;
    }
    tree[item.asset.id] = folder;
  }
  return zipSync(tree, { level: 6 });
}
