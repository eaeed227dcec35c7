/** Emails compare case-insensitively, without surrounding spaces. */
export function normaliseAdsEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Phones compare by their digits only ("+506 8888-7777" = "50688887777"): a number written
 * without its country code does not match one written with it.
 */
export function normaliseAdsPhone(phone: string): string {
  return phone.replace(/\D/g, '');
}
