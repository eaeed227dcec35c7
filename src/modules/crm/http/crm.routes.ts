import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { companyRoutes } from './companies.routes.js';
import { consentRoutes } from './consents.routes.js';
import { contactBulkRoutes } from './contact-bulk.routes.js';
import { contactRoutes } from './contacts.routes.js';
import { dealRoutes } from './deals.routes.js';
import { duplicateRoutes } from './duplicates.routes.js';
import { formRoutes } from './forms.routes.js';
import { importRoutes } from './imports.routes.js';
import { hubspotRoutes } from './hubspot.routes.js';
import { salesforceRoutes } from './salesforce.routes.js';
import { integrationRoutes } from './integrations.routes.js';
import { interactionRoutes } from './interactions.routes.js';
import { pipelineRoutes } from './pipelines.routes.js';
import { privacyRoutes } from './privacy.routes.js';
import { intelligenceRoutes } from './intelligence.routes.js';

/** Every `/api/v1` route of the CRM; each concern registers its own plugin here. */
export const crmRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  // Only the runtime: passing the whole options object on would apply the /api/v1 prefix twice.
  await app.register(integrationRoutes, { runtime });
  await app.register(hubspotRoutes, { runtime });
  await app.register(salesforceRoutes, { runtime });
  await app.register(contactRoutes, { runtime });
  await app.register(contactBulkRoutes, { runtime });
  await app.register(companyRoutes, { runtime });
  await app.register(duplicateRoutes, { runtime });
  await app.register(pipelineRoutes, { runtime });
  await app.register(dealRoutes, { runtime });
  await app.register(interactionRoutes, { runtime });
  await app.register(consentRoutes, { runtime });
  await app.register(privacyRoutes, { runtime });
  await app.register(formRoutes, { runtime });
  await app.register(importRoutes, { runtime });
  await app.register(intelligenceRoutes, { runtime });
};
