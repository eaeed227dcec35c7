import { assertWithinQuota } from '../../billing/index.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { ContentBrief } from '../domain/content-brief.js';

/**
 * What a content request needs room for before it is queued (REST and MCP alike): one AI
 * generation, and for a banner or a storyboard a megabyte of media storage (a generated image is
 * well under one). Storage first: it counts what exists and records nothing, while the generation
 * check counts a hit on the period's tally.
 */
export async function assertGenerationAllowed(
  runtime: Runtime,
  orgId: string,
  brief: Pick<ContentBrief, 'type'>,
): Promise<void> {
  if (brief.type !== 'text') await assertWithinQuota(runtime, orgId, 'media_storage_mb', 1);
  await assertWithinQuota(runtime, orgId, 'ai_generations');
}
