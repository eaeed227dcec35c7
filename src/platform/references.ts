import { AppError, type FieldError } from './errors/app-error.js';
import type { Runtime } from './runtime.js';

/** Whether the row `id` of one kind exists in organisation `orgId`. */
export type ReferenceCheck = (orgId: string, id: string) => Promise<boolean>;

/** A request field that names another row, e.g. `body.campaign_id` naming an `ads.campaign`. */
export interface Reference {
  field: string;
  /** `<module>.<resource>`: the module's name and a key of its `references`. */
  kind: string;
  id: string | null | undefined;
}

function checkFor(runtime: Runtime, kind: string): ReferenceCheck | undefined {
  const [moduleName, resource] = kind.split('.');
  const module = runtime.modules.find((candidate) => candidate.name === moduleName);
  return resource ? module?.references?.(runtime)[resource] : undefined;
}

/**
 * Every id a request names must belong to the caller's organisation, whichever module owns the
 * row: a foreign or unknown id is a 400 naming each such field, before anything is written.
 * Modules answer for their own rows (`ModuleDefinition.references`), so no module reads another's
 * tables; a kind whose module is not loaded cannot be verified and is refused likewise.
 */
export async function assertReferences(
  runtime: Runtime,
  orgId: string,
  references: readonly Reference[],
): Promise<void> {
  const failures: FieldError[] = [];
  for (const { field, kind, id } of references) {
    if (id === null || id === undefined) continue;
    const check = checkFor(runtime, kind);
    if (check && (await check(orgId, id))) continue;
    failures.push(unknownReferenceField(field, kind));
  }
  if (failures.length > 0) throw unknownReferences(failures);
}

function unknownReferenceField(field: string, kind: string): FieldError {
  return {
    field,
    message: `names no ${kind.split('.')[1]?.replace(/-/g, ' ')} of this organisation`,
  };
}

function unknownReferences(failures: FieldError[]): AppError {
  const summary = failures.map((f) => `${f.field} ${f.message}`).join('; ');
  return AppError.validation(`The request is invalid: ${summary}`, failures);
}

/** The error for one field whose id the module itself found missing (no second look-up). */
export function unknownReference(field: string, kind: string): AppError {
  return unknownReferences([unknownReferenceField(field, kind)]);
}

/** A check from a repository's `find(db, orgId, id)`: the row exists in that organisation. */
export function existsIn(
  db: Runtime['db'],
  find: (db: Runtime['db'], orgId: string, id: string) => Promise<unknown>,
): ReferenceCheck {
  return async (orgId, id) => (await find(db, orgId, id)) !== undefined;
}
