/** Days before expiry when an asset's usage rights are flagged as expiring soon. */
export const rightsAlertDays = 30;

export interface RightsStatus {
  expired: boolean;
  expiresSoon: boolean;
}

/** Whether usage rights have lapsed or lapse within the alert window, at `now`. */
export function rightsStatus(expiresAt: string | null, now: Date): RightsStatus {
  if (!expiresAt) return { expired: false, expiresSoon: false };
  const remaining = new Date(expiresAt).getTime() - now.getTime();
  return {
    expired: remaining <= 0,
    expiresSoon: remaining > 0 && remaining <= rightsAlertDays * 86_400_000,
  };
}
