import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { purgeExpiredOidcPayloads } from './oidc-adapter.js';
import { keyPolicyOf } from './oidc-service.js';
import { SigningKeyStore } from './signing-keys.js';

/**
 * Hourly: rotates the signing keys when the current one is older than OIDC_KEY_ROTATION_DAYS (the
 * next key is published ahead of use, the previous ones stay in the JWKS until every token they
 * signed has expired, then are deleted) and purges expired provider rows (codes, tokens,
 * sessions, interactions). Each replica notices a key change within a minute.
 */
export function oidcMaintenanceJob(runtime: Runtime): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'identity.oidc-maintenance',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '41 * * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      const store = new SigningKeyStore(runtime.db, runtime.masterKey);
      const keysChanged = await store.maintain(keyPolicyOf(runtime));
      const purged = await purgeExpiredOidcPayloads(runtime.db);
      context.log.info({ keysChanged, purged }, 'OpenID Provider maintenance done');
    },
  });
}
