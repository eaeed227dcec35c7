import { sample, type JsonSchema } from './openapi.js';

/**
 * Request-body fields that name another row (`campaign_id`, `asset_ids`, `strategyId`…), found
 * in the OpenAPI schemas, and the ids an organisation owns for each, so a test can aim one
 * organisation's ids at another's requests.
 */

/** A body field naming a row: where it is in the body and whether it takes a list of ids. */
export interface ReferenceField {
  path: (string | number)[];
  name: string;
  many: boolean;
  /** The union variant the field belongs to (a trigger of type `segment_entry`), if any. */
  variant?: { path: (string | number)[]; schema: JsonSchema };
}

const referenceName = /(_id|Id|_ids|Ids)$/;
/** Fields that match the pattern but name no row of the caller's organisation. */
// `plan_id` names a plan of the shared catalogue (billing), not a row.
// `ad_account_id` names the vendor's ad account (Meta `act_…`), not a row of ours.
const notReferences = new Set([
  'national_id',
  'organization_id',
  'event_id',
  'plan_id',
  'ad_account_id',
]);

export function referenceFields(
  schema: JsonSchema | undefined,
  path: (string | number)[] = [],
): ReferenceField[] {
  const found: ReferenceField[] = [];
  if (!schema || path.length > 6) return found;
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const inVariant = referenceFields(variant, path);
    found.push(...inVariant.map((field) => ({ variant: { path, schema: variant }, ...field })));
  }
  for (const part of schema.allOf ?? []) found.push(...referenceFields(part, path));
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (referenceName.test(key) && !notReferences.has(key)) {
      const many = property.type === 'array' || /s$/.test(key);
      found.push({ path: [...path, key], name: key, many });
    } else if (property.type === 'array' || property.items) {
      found.push(...referenceFields(property.items, [...path, key, 0]));
    } else {
      found.push(...referenceFields(property, [...path, key]));
    }
  }
  // A field in several union variants is one field.
  return found.filter(
    (field, index) =>
      found.findIndex((other) => other.path.join('.') === field.path.join('.')) === index,
  );
}

/** The kind of row a field names, as ids are bucketed by `collectIds` (`<collection>#id`). */
const collectionOf: Record<string, string> = {
  owner_user_id: '/api/v1/members',
  user_id: '/api/v1/members',
  crm_segment_id: '/api/v1/segments',
  segment_id: '/api/v1/segments',
  segment_ids: '/api/v1/segments',
  content_asset_id: '/api/v1/assets',
  asset_ids: '/api/v1/assets',
  duplicate_id: '/api/v1/contacts',
  company_id: '/api/v1/companies',
  audience_id: '/api/v1/audiences',
  ad_set_id: '/api/v1/ad-sets',
  brand_kit_id: '/api/v1/brand-kits',
  stage_id: 'stage_id',
  strategyId: '/api/v1/strategies',
};

/** Ids of the row kind a field names, among an organisation's listed ids. */
export function idsFor(ids: Map<string, Set<string>>, name: string): string[] {
  const base = name.replace(/(_ids?|Ids?)$/, '');
  const collection = collectionOf[name] ?? `/api/v1/${base.replace(/_/g, '-')}s`;
  const bucket = collection.startsWith('/') ? `${collection}#id` : collection;
  const keyed = name === 'user_id' || name === 'owner_user_id' ? 'user_id' : undefined;
  return [...(ids.get(bucket) ?? []), ...(keyed ? (ids.get(keyed) ?? []) : [])];
}

function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number') {
    const list = Array.isArray(body) ? [...body] : [];
    list[head] = setAt(list[head] ?? {}, rest, value);
    return list;
  }
  const object = body && typeof body === 'object' ? { ...(body as object) } : {};
  return { ...object, [head]: setAt((object as Record<string, unknown>)[head], rest, value) };
}

/** `body` with every reference in `fields` set to one of the `own` ids, where there is one. */
export function withOwnReferences(
  body: unknown,
  fields: readonly ReferenceField[],
  own: Map<string, Set<string>>,
): unknown {
  let result = body;
  for (const field of fields) {
    const mine = idsFor(own, field.name)[0];
    // A field of one union variant would make another variant's sample invalid.
    if (mine && !field.variant) result = setAt(result, field.path, field.many ? [mine] : mine);
  }
  return result;
}

/** `body` with its references set to `own` ids, except `field`, which names `id`. */
export function bodyNaming(
  body: unknown,
  fields: readonly ReferenceField[],
  own: Map<string, Set<string>>,
  field: ReferenceField,
  id: string,
): unknown {
  let result = withOwnReferences(body, fields, own);
  if (field.variant) result = setAt(result, field.variant.path, sample(field.variant.schema));
  return setAt(result, field.path, field.many ? [id] : id);
}
