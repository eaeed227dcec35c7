import type { Runtime } from '../../../platform/runtime.js';
import { similarAssets, type AssetRow } from '../infrastructure/assets.repository.js';
import { contentServicesFor } from './content-services.js';

/** Newest embedded assets a similarity query ranks (no vector index: a bounded pass). */
export const similarityCandidates = 5000;

export interface SimilarQuery {
  orgId: string;
  userId: string | null;
  description: string;
  type?: string;
  limit: number;
}

/**
 * "Describe what you need": the description is embedded through the AI gateway and the
 * organisation's assets embedded by the same model are ranked by cosine similarity.
 */
export async function findSimilarAssets(
  runtime: Runtime,
  query: SimilarQuery,
): Promise<{ model: string; results: { row: AssetRow; score: number }[] }> {
  const { gateway } = contentServicesFor(runtime);
  const embedding = await gateway.embed({
    orgId: query.orgId,
    userId: query.userId,
    purpose: 'content.search',
    texts: [query.description],
  });
  const results = await similarAssets(
    runtime.db,
    query.orgId,
    embedding.vectors[0] ?? [],
    embedding.model,
    { limit: query.limit, candidates: similarityCandidates, type: query.type },
  );
  return { model: embedding.model, results };
}
