import type {
  IntegrationContext,
  IntegrationFactory,
  LiveIntegration,
} from './live-integration.js';
import { googleAdsIntegration } from './google-ads-integration.js';
import { linkedinIntegration } from './linkedin-integration.js';
import { mailchimpIntegration } from './mailchimp-integration.js';
import { metaIntegration } from './meta-integration.js';
import { tiktokIntegration } from './tiktok-integration.js';
import { twilioIntegration } from './twilio-integration.js';
import { whatsappIntegration } from './whatsapp-integration.js';

/** Every vendor PromptAds can deliver to for real; one line each. */
const integrationFactories: readonly IntegrationFactory[] = [
  metaIntegration,
  googleAdsIntegration,
  tiktokIntegration,
  linkedinIntegration,
  twilioIntegration,
  whatsappIntegration,
  mailchimpIntegration,
];

/** The integrations this platform has credentials for. */
export function liveIntegrations(context: IntegrationContext): LiveIntegration[] {
  return integrationFactories.flatMap((build) => build(context) ?? []);
}
