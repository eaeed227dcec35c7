/**
 * Bulk actions on contacts (assign an owner, add or remove a tag) over up to `maxBulkContacts`
 * ids: all of them change or none does, so the checks below run before anything is written.
 */
export const maxBulkContacts = 500;

/** A contact holds at most this many tags (as the single-contact API allows). */
export const maxTagsPerContact = 50;

export type BulkContactAction =
  | { action: 'assign_owner'; ownerUserId: string | null }
  | { action: 'add_tag'; tag: string }
  | { action: 'remove_tag'; tag: string };

export type BulkCheck =
  { ok: true } | { ok: false; reason: 'unknown_contacts' | 'too_many_tags'; ids: string[] };

/**
 * Whether the action may run: every requested id is a live contact of the organisation (`found`,
 * with its tags), and no contact would pass the tag limit. The failing ids are named, in the
 * order they were asked for.
 */
export function checkBulkAction(
  requested: readonly string[],
  found: ReadonlyMap<string, readonly string[]>,
  action: BulkContactAction,
): BulkCheck {
  const unknown = requested.filter((id) => !found.has(id));
  if (unknown.length > 0) return { ok: false, reason: 'unknown_contacts', ids: unknown };
  if (action.action === 'add_tag') {
    const full = requested.filter((id) => {
      const tags = found.get(id)!;
      return !tags.includes(action.tag) && tags.length >= maxTagsPerContact;
    });
    if (full.length > 0) return { ok: false, reason: 'too_many_tags', ids: full };
  }
  return { ok: true };
}
