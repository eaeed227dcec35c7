import type { Runtime } from '../../../platform/runtime.js';
import { findOrgOfCustomer } from '../infrastructure/subscriptions.repository.js';
import { simulatedGateway } from '../infrastructure/simulated-gateway.js';
import { stripeGateway } from '../infrastructure/stripe-gateway.js';
import { applyGatewayEvent } from './apply-gateway-event.js';
import type { PaymentGateway } from './payment-gateway.js';

const gateways = new WeakMap<Runtime, PaymentGateway>();

/**
 * The payment gateway of this runtime: Stripe when a secret key is configured, else the
 * simulated one (the embedded default). Both confirm changes through `applyGatewayEvent`.
 */
export function billingGatewayFor(runtime: Runtime): PaymentGateway {
  let gateway = gateways.get(runtime);
  if (!gateway) {
    const emit = async (event: Parameters<typeof applyGatewayEvent>[1]) => {
      await applyGatewayEvent(runtime, event);
    };
    const stripe = runtime.config.billing.stripe;
    gateway = stripe
      ? stripeGateway({
          config: stripe,
          orgOfCustomer: (customerId) => findOrgOfCustomer(runtime.db, customerId),
          emit,
        })
      : simulatedGateway({ emit, latencyMs: runtime.config.billing.simulatedLatencyMs });
    gateways.set(runtime, gateway);
  }
  return gateway;
}
