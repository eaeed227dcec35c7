import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { currentPlanLimit, dismissPlanLimit, subscribePlanLimit } from '../api/plan-limit-notices';
import { useApiQuery } from '../api/queries';
import type { ApiResponse } from '../api/resources';
import { formatNumber } from '../i18n/format';
import { usePermissions } from './permissions';
import '../pages/billing.css';

type Subscription = ApiResponse<'/api/v1/billing/subscription'>;

/**
 * The plan's limits where people hit them: after any call answered 402 `quota_exceeded` or
 * `feature_not_in_plan`, which limit or feature it was and what allows more; when the organisation is read-only (past due), a banner on
 * every screen. Owners and admins get a link to Billing; everybody else is told whom to ask.
 */
export function PlanLimitBanner() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const problem = useSyncExternalStore(subscribePlanLimit, currentPlanLimit);
  const canBill = permissions.ready && permissions.can('billing:read');
  const subscription = useApiQuery<Subscription>(canBill ? '/api/v1/billing/subscription' : null);
  const { pathname } = useLocation();
  const shownAt = useRef(pathname);
  // A quota notice belongs to the screen where the limit was hit.
  useEffect(() => {
    if (problem && problem.code !== 'subscription_past_due' && shownAt.current !== pathname)
      dismissPlanLimit();
    shownAt.current = pathname;
  }, [pathname, problem]);

  // Owners and admins read the subscription itself, so the banner goes once they pay.
  const pastDue = subscription.data
    ? subscription.data.access === 'read_only'
    : problem?.code === 'subscription_past_due';
  const quota =
    problem?.code === 'quota_exceeded' || problem?.code === 'feature_not_in_plan' ? problem : null;
  const billingLink = (label: string) =>
    canBill ? <Link to="/billing">{label}</Link> : <span>{t('billing.askOwner')}</span>;
  if (!pastDue && !quota) return null;
  return (
    <div className="plan-limit-banners">
      {pastDue ? (
        <p className="notice notice-error" role="alert" data-testid="past-due-banner">
          {t('billing.pastDue')} {billingLink(t('billing.payInBilling'))}
        </p>
      ) : null}
      {quota ? (
        <div className="notice notice-error plan-limit" role="alert" data-testid="quota-notice">
          <p>
            {quota.feature
              ? t('billing.featureNotInPlan', {
                  feature: t(
                    `billing.featureNames.${quota.feature}` as 'billing.featureNames.crm',
                    {
                      defaultValue: quota.feature,
                    },
                  ),
                })
              : quota.limit
                ? t('billing.limitReached', {
                    quota: t(`billing.quotas.${quota.quota}` as 'billing.quotas.seats', {
                      defaultValue: quota.quota ?? '',
                    }),
                    limit: formatNumber(quota.limit),
                  })
                : t('billing.notInPlan', {
                    quota: t(`billing.quotas.${quota.quota}` as 'billing.quotas.seats', {
                      defaultValue: quota.quota ?? '',
                    }),
                  })}{' '}
            {quota.upgrade
              ? quota.upgrade.limit === undefined
                ? t('billing.includedIn', { plan: quota.upgrade.name })
                : t('billing.upgradeTo', {
                    plan: quota.upgrade.name,
                    limit: formatNumber(quota.upgrade.limit),
                  })
              : null}{' '}
            {billingLink(t('billing.seePlans'))}
          </p>
          <button type="button" className="link" onClick={dismissPlanLimit}>
            {t('billing.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
