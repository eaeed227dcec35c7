import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API client secrets are 32 random bytes, so a fast hash is enough: there is nothing to
 * brute-force that argon2 would slow down, and client_credentials stays cheap on the hot path.
 */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret against the stored SHA-256 hex hash. */
export function verifyClientSecret(secret: string, hash: string): boolean {
  const presented = Buffer.from(hashClientSecret(secret), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
