import type { Runtime } from '../../../platform/runtime.js';
import { FieldCrypto } from '../../../platform/security/field-crypto.js';

export interface CrmServices {
  crypto: FieldCrypto;
}

const services = new WeakMap<Runtime, CrmServices>();

/** The module's per-process services (field crypto; messaging adapters join later). */
export function crmServicesFor(runtime: Runtime): CrmServices {
  let existing = services.get(runtime);
  if (!existing) {
    existing = { crypto: new FieldCrypto(runtime.masterKey) };
    services.set(runtime, existing);
  }
  return existing;
}
