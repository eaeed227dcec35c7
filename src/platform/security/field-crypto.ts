import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM for values we only read back, and a keyed hash (HMAC-SHA256)
 * for values we look up by (email, phone). Both keys derive from the master key with HKDF, each for
 * its own purpose, so one leaked derived key does not expose the others.
 */
export class FieldCrypto {
  private readonly encryptionKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(masterKey: Buffer) {
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', masterKey, 'promptsales', 'field-encryption:v1', 32),
    );
    this.lookupKey = Buffer.from(
      hkdfSync('sha256', masterKey, 'promptsales', 'lookup-hash:v1', 32),
    );
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
      throw new Error('Unrecognised encrypted value');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.encryptionKey,
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Deterministic keyed hash for equality look-ups; normalise the value before hashing. */
  lookupHash(normalised: string): string {
    return createHmac('sha256', this.lookupKey).update(normalised).digest('base64url');
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
