import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { demoOrganizationId } from '../../identity/index.js';
import { normaliseHashtags, searchTextOf } from '../domain/asset-metadata.js';
import { demoImage, demoImageCount, type DemoImage } from '../domain/demo-library.js';
import { checkImageFormat } from '../domain/format-check.js';
import { insertAsset } from '../infrastructure/assets.repository.js';
import { assets } from '../infrastructure/content.tables.js';
import { contentServicesFor } from './content-services.js';
import { mediaKey } from './media-storage.js';

export const demoSeedActor = 'system:demo-seed';
const parallel = 8;

/**
 * At least 100 demo banners with descriptions and hashtags in Demo Agency's library. Idempotent
 * and resumable: it counts what an earlier run stored and continues from there. Only with the
 * offline provider, so seeding never spends tokens on a paid endpoint. `signal` stops it between
 * batches.
 */
export async function seedContentDemo(runtime: Runtime, signal?: AbortSignal): Promise<void> {
  const log = runtime.log.child({ module: 'content' });
  if (runtime.config.ai.provider !== 'offline') {
    log.info('content demo library skipped: it is only generated with the offline AI provider');
    return;
  }
  const orgId = await demoOrganizationId(runtime);
  if (!orgId) return;
  const [existing] = await runtime.db
    .select({ count: sql<number>`count(*)::int` })
    .from(assets)
    .where(and(eq(assets.orgId, orgId), eq(assets.createdBy, demoSeedActor)));
  const start = existing?.count ?? 0;
  if (start >= demoImageCount) return;
  const { gateway, storage } = contentServicesFor(runtime);
  const items = Array.from({ length: demoImageCount - start }, (_, i) => demoImage(start + i));
  // One transaction per batch: a run that stops midway leaves whole batches, and the next run's
  // count resumes at a batch boundary.
  for (let from = 0; from < items.length; from += parallel) {
    if (signal?.aborted) return;
    const batch = items.slice(from, from + parallel);
    const [rendered, embeddings] = await Promise.all([
      Promise.all(batch.map((item) => render(item))),
      gateway.embed({
        orgId,
        userId: null,
        purpose: 'content.demo-seed',
        texts: batch.map((item) => item.description),
      }),
    ]);
    await runtime.db.transaction(async (tx) => {
      for (const [i, item] of batch.entries()) {
        const { id, key, bytes } = rendered[i]!;
        const hashtags = normaliseHashtags(item.hashtags);
        const image = { width: item.width, height: item.height };
        await insertAsset(
          tx,
          {
            orgId,
            id,
            type: 'image',
            format: 'image/png',
            channel: item.channel,
            language: 'en',
            title: item.title,
            description: item.description,
            hashtags,
            searchText: searchTextOf({ ...item, hashtags }),
            embedding: embeddings.vectors[i] ?? null,
            embeddingModel: embeddings.model,
            status: 'approved',
            currentVersion: 1,
            licence: 'Demo content, generated',
            createdBy: demoSeedActor,
          },
          {
            content: {
              kind: 'image',
              image: { mediaKey: key, ...image, contentType: 'image/png', bytes },
              headline: item.title,
              altText: item.description,
            },
            brandFindings: [],
            formatFindings: checkImageFormat(item.channel, image),
            note: 'demo seed',
            createdBy: demoSeedActor,
          },
        );
      }
    });
  }
  log.info({ images: demoImageCount - start }, 'content demo library created');

  async function render(item: DemoImage) {
    const id = uuidv7();
    const result = await gateway.generateImage({
      orgId: orgId!,
      userId: null,
      purpose: 'content.demo-seed',
      prompt: item.description,
      headline: item.title,
      width: item.width,
      height: item.height,
      brand: { name: 'Demo Agency', colors: item.colors, logoText: 'Demo' },
      seed: item.index + 1,
    });
    const key = mediaKey(orgId!, id, 1);
    await storage.put(key, result.png, 'image/png');
    return { id, key, bytes: result.png.length };
  }
}
