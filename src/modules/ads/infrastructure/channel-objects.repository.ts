import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { channelObjects, trackedLinks } from './ads.tables.js';

/** The vendor object's kind; `localId` names the platform object it was made for. */
export type ChannelObjectKind =
  | 'campaign'
  | 'ad_set'
  | 'campaign_budget'
  | 'ad_group'
  /** An uploaded image, keyed `<asset id>:v<version>` (Meta: its image hash). */
  | 'ad_image';

/** The live channel's id for our campaign or ad set, if one was created. */
export async function findChannelObject(
  db: Database,
  orgId: string,
  channel: string,
  kind: ChannelObjectKind,
  localId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ externalId: channelObjects.externalId })
    .from(channelObjects)
    .where(
      and(
        eq(channelObjects.orgId, orgId),
        eq(channelObjects.channel, channel),
        eq(channelObjects.kind, kind),
        eq(channelObjects.localId, localId),
      ),
    );
  return row?.externalId;
}

export async function saveChannelObject(
  db: Database,
  orgId: string,
  channel: string,
  kind: ChannelObjectKind,
  localId: string,
  externalId: string,
): Promise<void> {
  await db
    .insert(channelObjects)
    .values({ orgId, channel, kind, localId, externalId })
    .onConflictDoUpdate({
      target: [
        channelObjects.orgId,
        channelObjects.channel,
        channelObjects.kind,
        channelObjects.localId,
      ],
      set: { externalId },
    });
}

/**
 * The vendor's id for our object, creating it at the vendor (`create`) the first time: a
 * re-delivery finds the id it saved and creates nothing twice.
 */
export async function ensureChannelObject(
  db: Database,
  key: { orgId: string; channel: string; kind: ChannelObjectKind; localId: string },
  create: () => Promise<string>,
): Promise<string> {
  const { orgId, channel, kind, localId } = key;
  const known = await findChannelObject(db, orgId, channel, kind, localId);
  if (known) return known;
  const externalId = await create();
  await saveChannelObject(db, orgId, channel, kind, localId, externalId);
  return externalId;
}

/** The ad's first tracked link code: where a live ad sends people (clicks are counted first-party). */
export async function firstTrackedLinkCode(
  db: Database,
  orgId: string,
  adId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ code: trackedLinks.code })
    .from(trackedLinks)
    .where(and(eq(trackedLinks.orgId, orgId), eq(trackedLinks.adId, adId)))
    .orderBy(asc(trackedLinks.createdAt))
    .limit(1);
  return row?.code;
}
