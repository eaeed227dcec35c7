import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { featureNames, upgradePathForFeature, type Feature } from '../domain/catalogue.js';
import { planOf } from '../domain/subscription.js';
import { cachedSubscriptionOf } from './entitlements.js';

/**
 * Refuses the use of a feature the organisation's plan does not include: 402
 * `feature_not_in_plan` naming the feature, the current plan and the cheapest plan that has it.
 * Decided from the cached subscription like the quota checks: no round trip on the hot path.
 * Callers check it where a feature is used to create or change something; reading, exporting and
 * deleting what exists never need it, so a downgrade loses no data.
 */
export async function assertFeature(
  runtime: Runtime,
  orgId: string,
  feature: Feature,
): Promise<void> {
  const plan = planOf(await cachedSubscriptionOf(runtime, orgId));
  if (plan.features.includes(feature)) return;
  const upgrade = upgradePathForFeature(plan, feature);
  throw new AppError(
    'feature_not_in_plan',
    `The ${plan.name} plan does not include ${featureNames[feature]}` +
      (upgrade ? `; ${upgrade.name} does` : ''),
    {
      feature,
      plan: plan.id,
      upgrade: upgrade
        ? { plan: upgrade.id, name: upgrade.name, how: 'PUT /api/v1/billing/subscription' }
        : null,
    },
  );
}
