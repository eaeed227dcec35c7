import type { Runtime } from '../../../platform/runtime.js';
import { cachedLookUp } from './identity-cache.js';
import { defaultLocale, defaultTimeZone } from '../../../platform/i18n/locale.js';
import { findOrganization } from '../infrastructure/organizations.repository.js';

export interface Preferences {
  /** BCP 47, e.g. `es-MX`. */
  locale: string;
  /** IANA, e.g. `America/Mexico_City`. */
  timeZone: string;
}

const organizationKey = (orgId: string) => `preferences:org:${orgId}`;

/**
 * The organisation's locale and time zone: the default of its people and of its campaign
 * language. Read on the campaign-request path, so cached like a principal (no database round trip).
 */
export async function organizationPreferences(
  runtime: Runtime,
  orgId: string,
): Promise<Preferences> {
  return cachedLookUp(runtime, organizationKey(orgId), async () => {
    const row = await findOrganization(runtime.db, orgId);
    return {
      locale: row?.locale ?? defaultLocale,
      timeZone: row?.timeZone ?? defaultTimeZone,
    };
  });
}

export async function forgetOrganizationPreferences(runtime: Runtime, orgId: string) {
  await runtime.cache.delete(organizationKey(orgId));
}

/** A person's own choice where made, the organisation's otherwise. */
export function effectivePreferences(
  own: { locale: string | null; timeZone: string | null },
  organization: Preferences,
): Preferences {
  return {
    locale: own.locale ?? organization.locale,
    timeZone: own.timeZone ?? organization.timeZone,
  };
}
