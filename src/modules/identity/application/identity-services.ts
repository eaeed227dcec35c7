import { mailerFor } from '../../../platform/messaging/mailer-for.js';
import type { Mailer } from '../../../platform/messaging/mailer.js';
import type { Runtime } from '../../../platform/runtime.js';
import { FieldCrypto, normaliseEmail } from '../../../platform/security/field-crypto.js';

/** What the identity use cases need besides the runtime; built once per runtime. */
export interface IdentityServices {
  runtime: Runtime;
  crypto: FieldCrypto;
  mailer: Mailer;
  emailLookup(email: string): string;
}

const services = new WeakMap<Runtime, IdentityServices>();

export function identityServices(runtime: Runtime): IdentityServices {
  let found = services.get(runtime);
  if (!found) {
    const crypto = new FieldCrypto(runtime.masterKey);
    found = {
      runtime,
      crypto,
      mailer: mailerFor(runtime),
      emailLookup: (email) => crypto.lookupHash(normaliseEmail(email)),
    };
    services.set(runtime, found);
  }
  return found;
}
