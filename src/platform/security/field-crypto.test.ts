import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCrypto, normaliseEmail } from './field-crypto.js';

describe('FieldCrypto', () => {
  const crypto = new FieldCrypto(randomBytes(32));

  it('round-trips a value and never stores the plaintext', () => {
    const sealed = crypto.encrypt('ana@example.com');
    expect(sealed).not.toContain('ana');
    expect(crypto.decrypt(sealed)).toBe('ana@example.com');
  });

  it('uses a fresh IV for each encryption', () => {
    expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
  });

  it('detects tampering', () => {
    const sealed = crypto.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
  });

  it('hashes for look-up deterministically, and differently per master key', () => {
    const other = new FieldCrypto(randomBytes(32));
    expect(crypto.lookupHash(normaliseEmail(' Ana@Example.com'))).toBe(
      crypto.lookupHash('ana@example.com'),
    );
    expect(other.lookupHash('ana@example.com')).not.toBe(crypto.lookupHash('ana@example.com'));
  });
});
