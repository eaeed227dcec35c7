import type { Runtime } from '../../../platform/runtime.js';
import { simulatedGateway } from '../infrastructure/simulated-gateway.js';
import { applyGatewayEvent } from './apply-gateway-event.js';
import type { PaymentGateway } from './payment-gateway.js';

const gateways = new WeakMap<Runtime, PaymentGateway>();

/**
 * The payment gateway of this runtime. Only the simulated one exists in this release; the Stripe
 * adapter will be chosen here when a Stripe key is configured.
 */
export function billingGatewayFor(runtime: Runtime): PaymentGateway {
  let gateway = gateways.get(runtime);
  if (!gateway) {
    gateway = simulatedGateway({
      emit: async (event) => {
        await applyGatewayEvent(runtime, event);
      },
      latencyMs: runtime.config.billing.simulatedLatencyMs,
    });
    gateways.set(runtime, gateway);
  }
  return gateway;
}
