import type { Runtime } from '../../../platform/runtime.js';
import { applyGatewayEvent } from './apply-gateway-event.js';
import { billingGatewayFor } from './billing-services.js';

/**
 * A webhook from the gateway: verified and parsed by the gateway, then applied exactly once.
 * `ignored` for an event billing does not act on (or about a customer no organisation has).
 */
export async function receiveWebhook(
  runtime: Runtime,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  const event = await billingGatewayFor(runtime).parseWebhook(rawBody, signature);
  if (!event) return 'ignored';
  return (await applyGatewayEvent(runtime, event)) ? 'applied' : 'duplicate';
}
