import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the value of `X-PromptSales-Signature`. */
export function signConversionBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * True when `header` is the signature of `rawBody` under one of `secrets` (the current one and,
 * during a rotation, the previous one). Constant-time comparison.
 */
export function verifyConversionSignature(
  secrets: readonly string[],
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const given = Buffer.from(header.trim().toLowerCase());
  return secrets.some((secret) => {
    const expected = Buffer.from(signConversionBody(secret, rawBody));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Conversions older than this are refused; inside it, an event id counts once. */
export const conversionWindowMs = 48 * 3600 * 1000;

export function isWithinConversionWindow(occurredAt: Date, now: Date): boolean {
  const age = now.getTime() - occurredAt.getTime();
  return age <= conversionWindowMs && age >= -5 * 60 * 1000;
}
