import { describe, expect, it } from 'vitest';
import { checkBulkAction, maxTagsPerContact } from './contact-bulk.js';

const a = '01900000-0000-7000-8000-00000000000a';
const b = '01900000-0000-7000-8000-00000000000b';
const c = '01900000-0000-7000-8000-00000000000c';

describe('bulk contact actions', () => {
  it('runs when every id is a live contact of the organisation', () => {
    const found = new Map([
      [a, []],
      [b, ['vip']],
    ]);
    expect(checkBulkAction([a, b], found, { action: 'add_tag', tag: 'vip' })).toEqual({
      ok: true,
    });
  });

  it('names the ids that are not contacts of the organisation, in request order', () => {
    const found = new Map([[b, []]]);
    expect(checkBulkAction([c, b, a], found, { action: 'remove_tag', tag: 'vip' })).toEqual({
      ok: false,
      reason: 'unknown_contacts',
      ids: [c, a],
    });
  });

  it('refuses a tag that would take a contact past the tag limit, unless it has it already', () => {
    const full = Array.from({ length: maxTagsPerContact }, (_, index) => `t${index}`);
    const found = new Map([
      [a, full],
      [b, [...full.slice(1), 'vip']],
    ]);
    expect(checkBulkAction([a, b], found, { action: 'add_tag', tag: 'vip' })).toEqual({
      ok: false,
      reason: 'too_many_tags',
      ids: [a],
    });
    expect(checkBulkAction([a], found, { action: 'assign_owner', ownerUserId: null }).ok).toBe(
      true,
    );
  });
});
