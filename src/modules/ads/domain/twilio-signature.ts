import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature: the full URL Twilio requested, then every POST parameter's name
 * and value appended in name order (no separators), HMAC-SHA1 under the account's auth token,
 * base64 (https://www.twilio.com/docs/usage/security#validating-requests).
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether `X-Twilio-Signature` is Twilio's signature of this request (constant time). */
export function isTwilioSignatureValid(
  authToken: string,
  signature: string,
  url: string,
  params: Readonly<Record<string, string>>,
): boolean {
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A form-encoded body as Twilio sends it (each name once). */
export function formParams(rawBody: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawBody));
}
