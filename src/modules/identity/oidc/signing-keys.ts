import { desc, inArray } from 'drizzle-orm';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import { FieldCrypto } from '../../../platform/security/field-crypto.js';
import { oidcSigningKeys } from '../infrastructure/oidc.tables.js';

export const signingAlgorithm = 'RS256';

/** A key as the key ring holds it in memory: the decrypted private JWK and its schedule. */
export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: Date;
  activatesAt: Date;
}

export interface KeyPolicy {
  /** A new key is created when the signing key is older than this. */
  rotateAfterMs: number;
  /** A new key is published this long before it signs, so every verifier's JWKS cache has it. */
  publishAheadMs: number;
  /** Longest life of anything signed (access and ID tokens): keys stay published that long. */
  maxTokenLifetimeMs: number;
}

function publicPart(jwk: JWK): JWK {
  const { kty, n, e, crv, x, y, kid, alg } = jwk;
  return Object.fromEntries(
    Object.entries({ kty, n, e, crv, x, y, kid, alg, use: 'sig' }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as JWK;
}

/**
 * Which keys to sign with and publish, from the keys stored. Pure: `signing` is the newest key
 * already active; `published` adds keys not yet active (announced ahead) and older keys until a
 * newer key has been signing for longer than any token lives; `expired` may be deleted.
 */
export function planKeyRing<K extends { activatesAt: Date; createdAt: Date }>(
  keys: readonly K[],
  now: Date,
  policy: KeyPolicy,
): { signing: K | undefined; published: K[]; expired: K[]; rotationDue: boolean } {
  const byActivation = [...keys].sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime());
  const active = byActivation.filter((key) => key.activatesAt <= now);
  const signing = active[0];
  const published: K[] = byActivation.filter((key) => key.activatesAt > now);
  const expired: K[] = [];
  let newerActiveSince: Date | undefined;
  for (const key of active) {
    if (
      newerActiveSince === undefined ||
      now.getTime() - newerActiveSince.getTime() < policy.maxTokenLifetimeMs
    ) {
      published.push(key);
    } else {
      expired.push(key);
    }
    newerActiveSince = key.activatesAt;
  }
  const pending = byActivation.some((key) => key.activatesAt > now);
  const rotationDue =
    !pending &&
    (signing === undefined || now.getTime() - signing.createdAt.getTime() >= policy.rotateAfterMs);
  return { signing, published, expired, rotationDue };
}

/** The signing keys in the database, private parts sealed with the master key. */
export class SigningKeyStore {
  private readonly crypto: FieldCrypto;

  constructor(
    private readonly db: Database,
    masterKey: Buffer,
  ) {
    this.crypto = new FieldCrypto(masterKey);
  }

  async list(): Promise<SigningKey[]> {
    const rows = await this.db
      .select()
      .from(oidcSigningKeys)
      .orderBy(desc(oidcSigningKeys.activatesAt));
    return rows.map((row) => {
      const privateJwk = JSON.parse(this.crypto.decrypt(row.privateJwkCiphertext)) as JWK;
      return {
        kid: row.kid,
        privateJwk,
        publicJwk: publicPart(privateJwk),
        createdAt: new Date(row.createdAt),
        activatesAt: new Date(row.activatesAt),
      };
    });
  }

  /** Generates a key pair and stores it, signing from `activatesAt`. */
  async create(activatesAt: Date): Promise<string> {
    const { privateKey } = await generateKeyPair(signingAlgorithm, {
      modulusLength: 2048,
      extractable: true,
    });
    const kid = uuidv7();
    const jwk = { ...(await exportJWK(privateKey)), kid, alg: signingAlgorithm, use: 'sig' };
    await this.db.insert(oidcSigningKeys).values({
      kid,
      alg: signingAlgorithm,
      privateJwkCiphertext: this.crypto.encrypt(JSON.stringify(jwk)),
      activatesAt: activatesAt.toISOString(),
    });
    return kid;
  }

  async delete(kids: readonly string[]): Promise<void> {
    if (kids.length > 0)
      await this.db.delete(oidcSigningKeys).where(inArray(oidcSigningKeys.kid, [...kids]));
  }

  /**
   * Makes sure a key signs now (the very first start creates one active at once), and when
   * rotation is due announces the next key ahead of use; deletes keys no token can still need.
   * Returns whether anything changed. Safe to run from several processes: a duplicate key is
   * merely one more published key, and the newest active one signs everywhere.
   */
  async maintain(policy: KeyPolicy, now = new Date()): Promise<boolean> {
    const keys = await this.list();
    const plan = planKeyRing(keys, now, policy);
    let changed = false;
    if (!plan.signing) {
      await this.create(now);
      changed = true;
    } else if (plan.rotationDue) {
      await this.create(new Date(now.getTime() + policy.publishAheadMs));
      changed = true;
    }
    if (plan.expired.length > 0) {
      await this.delete(plan.expired.map((key) => key.kid));
      changed = true;
    }
    return changed;
  }
}
