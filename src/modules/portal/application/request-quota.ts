import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';

/**
 * The organisation's monthly allowance of campaign requests (`CAMPAIGN_REQUESTS_PER_MONTH`),
 * counted by the shared rate counter: decided from local state with no round trip, the counts of
 * other processes learnt every 50 ms, so N replicas may overshoot by what they serve in that time.
 */
export function checkRequestQuota(runtime: Runtime, orgId: string, now = new Date()): void {
  const month = now.toISOString().slice(0, 7);
  const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const secondsLeft = Math.max(1, Math.ceil((nextMonth - now.getTime()) / 1000));
  const { count } = runtime.rateCounter.hit(`portal:requests:${orgId}:${month}`, secondsLeft);
  const limit = runtime.config.campaignRequestsPerMonth;
  if (count > limit) {
    throw new AppError(
      'quota_exceeded',
      `This organisation has used its ${limit} campaign requests for ${month}; the allowance renews on the 1st`,
      { limit, month, retryAfterSeconds: secondsLeft },
    );
  }
}
