import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { asApiError, downloadFile, send } from '../api/client';
import { dismissPlanLimit } from '../api/plan-limit-notices';
import { useApiInfiniteList, useApiQuery, useInvalidate } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatDay, formatMoney, formatNumber } from '../i18n/format';
import { PlanPicker } from './billing-plan-picker';
import {
  startsCheckout,
  type Currency,
  type Interval,
  type Invoice,
  type Plan,
  type Subscription,
  type SubscriptionChange,
  type Usage,
} from './billing-shared';
import './billing.css';

const billingPaths = [
  '/api/v1/billing/subscription',
  '/api/v1/billing/usage',
  '/api/v1/billing/invoices',
];

/**
 * Billing (issue 15) for owners and admins: the plan and its period, usage against each quota,
 * the plans to compare and (owner only) change to, and the invoices. Card details never pass
 * through here: the payment provider's hosted pages collect them.
 */
export function BillingPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const canChange = permissions.can('billing:manage');
  const [params] = useSearchParams();
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const [done, setDone] = useState<string>();
  const plans = useApiQuery<{ data: Plan[] }>('/api/v1/billing/plans');
  const subscription = useApiQuery<Subscription>('/api/v1/billing/subscription');
  const usage = useApiQuery<{ data: Usage[] }>('/api/v1/billing/usage');
  const invoices = useApiInfiniteList<Invoice>('/api/v1/billing/invoices?limit=25');
  const planName = (id: string) => plans.data?.data.find((p) => p.id === id)?.name ?? id;

  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      send<SubscriptionChange>('PUT', '/api/v1/billing/subscription', body).catch(
        (failure: unknown) => {
          throw asApiError(failure);
        },
      ),
    onSuccess: async (answer, body) => {
      // The hosted checkout of a real gateway collects the card, then sends the owner back here.
      if (answer.checkout && !answer.checkout.completed) {
        window.location.assign(answer.checkout.url);
        return;
      }
      dismissPlanLimit();
      setDone(
        body.cancel_at_period_end === true
          ? t('billing.canceledNotice', { date: formatDay(answer.current_period_end) })
          : body.cancel_at_period_end === false
            ? t('billing.resumedNotice')
            : t('billing.changed', { plan: planName(answer.plan_id) }),
      );
      await invalidate(...billingPaths);
    },
  });

  const choose = async (plan: Plan, interval: Interval, currency: Currency) => {
    if (!subscription.data) return;
    const checkout = startsCheckout(subscription.data);
    const price = formatMoney(plan.prices[interval][currency], currency);
    const agreed = await confirm({
      title: t('billing.changeQuestion', { plan: plan.name }),
      description: checkout
        ? t('billing.subscribeDetail', { plan: plan.name, price })
        : t('billing.changeDetail'),
      confirmLabel: t('billing.choose', { plan: plan.name }),
    });
    if (!agreed) return;
    setDone(undefined);
    change.mutate(
      checkout ? { plan_id: plan.id, interval, currency } : { plan_id: plan.id, interval },
    );
  };

  const cancel = async (period_end: string) => {
    const agreed = await confirm({
      title: t('billing.cancelQuestion'),
      description: t('billing.cancelDetail', { date: formatDay(period_end) }),
      confirmLabel: t('billing.cancelAtPeriodEnd'),
    });
    if (agreed) change.mutate({ cancel_at_period_end: true });
  };

  const checkout = params.get('checkout');
  const current = subscription.data;
  return (
    <div className="stack billing">
      {checkout === 'success' ? (
        <SuccessNotice>{t('billing.checkoutSuccess')}</SuccessNotice>
      ) : null}
      {checkout === 'canceled' ? (
        <p className="notice" role="status">
          {t('billing.checkoutCanceled')}
        </p>
      ) : null}
      <SuccessNotice>{done}</SuccessNotice>
      <ErrorNotice error={change.error} />
      <div className="grid">
        <Card title={t('billing.currentPlan')}>
          <ErrorNotice error={subscription.error} />
          {subscription.isLoading ? <Loading /> : null}
          {current ? (
            <>
              <dl className="facts" data-testid="current-plan">
                <dt>{t('billing.plan')}</dt>
                <dd data-testid="current-plan-name">{planName(current.plan_id)}</dd>
                <dt>{t('billing.status')}</dt>
                <dd>
                  <span
                    className={`badge badge-tone-${current.access === 'read_only' ? 'danger' : current.status === 'active' ? 'ok' : 'warn'}`}
                  >
                    {t(`billing.statuses.${current.status}`)}
                  </span>
                </dd>
                <dt>{t('billing.billed')}</dt>
                <dd>
                  {t(`billing.intervals.${current.interval}`)} · {current.currency}
                </dd>
                <dt>{t('billing.seats')}</dt>
                <dd>{formatNumber(current.seats)}</dd>
                <dt>
                  {current.status === 'trialing'
                    ? t('billing.trialEnds')
                    : current.cancel_at_period_end
                      ? t('billing.cancels')
                      : t('billing.renews')}
                </dt>
                <dd>{formatDay(current.trial_ends_at ?? current.current_period_end)}</dd>
              </dl>
              {current.access === 'read_only' ? (
                <p className="notice notice-error">{t('billing.readOnly')}</p>
              ) : null}
              {canChange && current.status === 'active' ? (
                <div className="form-actions">
                  {current.cancel_at_period_end ? (
                    <button
                      type="button"
                      className="secondary"
                      disabled={change.isPending}
                      onClick={() => change.mutate({ cancel_at_period_end: false })}
                    >
                      {t('billing.resume')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      disabled={change.isPending}
                      onClick={() => void cancel(current.current_period_end)}
                    >
                      {t('billing.cancelAtPeriodEnd')}
                    </button>
                  )}
                </div>
              ) : null}
              {!canChange ? <p className="muted small">{t('billing.ownerOnly')}</p> : null}
            </>
          ) : null}
        </Card>
        {current ? <PaymentMethodCard subscription={current} canChange={canChange} /> : null}
      </div>

      <Card title={t('billing.usage')}>
        <ErrorNotice error={usage.error} />
        {usage.isLoading ? <Loading /> : null}
        {usage.data ? <UsageMeters usage={usage.data.data} /> : null}
      </Card>

      <Card title={t('billing.picker')}>
        <ErrorNotice error={plans.error} />
        {plans.data && current ? (
          <PlanPicker
            plans={plans.data.data}
            subscription={current}
            canChange={canChange}
            busy={change.isPending}
            onChoose={(plan, interval, currency) => void choose(plan, interval, currency)}
          />
        ) : (
          <Loading />
        )}
      </Card>

      <Card title={t('billing.invoices')}>
        <ErrorNotice error={invoices.error} />
        {invoices.isLoading ? <Loading /> : null}
        {invoices.items && invoices.items.length === 0 ? (
          <Empty>{t('billing.noInvoices')}</Empty>
        ) : null}
        {invoices.items && invoices.items.length > 0 ? (
          <InvoiceTable invoices={invoices.items} />
        ) : null}
        <LoadMore
          hasNextPage={invoices.hasNextPage}
          isFetchingNextPage={invoices.isFetchingNextPage}
          fetchNextPage={invoices.fetchNextPage}
          shown={invoices.items?.length ?? 0}
        />
      </Card>
    </div>
  );
}

/**
 * Whether the payment provider holds a payment method; the owner replaces it in the provider's
 * hosted portal (the platform never sees card data).
 */
function PaymentMethodCard({
  subscription,
  canChange,
}: {
  subscription: Subscription;
  canChange: boolean;
}) {
  const { t } = useTranslation();
  const portal = useMutation({
    mutationFn: () =>
      send<{ url: string }>('POST', '/api/v1/billing/portal-sessions').catch((failure: unknown) => {
        throw asApiError(failure);
      }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  return (
    <Card title={t('billing.paymentMethod')}>
      <p data-testid="payment-method">
        {subscription.has_payment_method
          ? t('billing.paymentOnFile')
          : t('billing.noPaymentMethod')}
      </p>
      <ErrorNotice error={portal.error} />
      {canChange ? (
        <button
          type="button"
          className="secondary"
          disabled={portal.isPending}
          onClick={() => portal.mutate()}
        >
          {t('billing.managePaymentMethod')}
        </button>
      ) : null}
    </Card>
  );
}

/** Each quota's use against its limit; a limit of zero means the plan does not include it. */
function UsageMeters({ usage }: { usage: readonly Usage[] }) {
  const { t } = useTranslation();
  const period = usage.find((row) => row.period_start && row.period_end);
  return (
    <>
      <ul className="meters">
        {usage.map((row) => {
          const label = t(`billing.quotas.${row.quota}` as 'billing.quotas.seats', {
            defaultValue: row.quota,
          });
          const full = row.limit > 0 && row.used >= row.limit;
          return (
            <li key={row.quota} data-testid={`usage-${row.quota}`}>
              <span className="meter-label">{label}</span>
              {row.limit > 0 ? (
                <>
                  <meter
                    min={0}
                    max={row.limit}
                    value={Math.min(row.used, row.limit)}
                    high={row.limit * 0.9}
                    optimum={0}
                    aria-label={label}
                  />
                  <span className={full ? 'meter-figure meter-full' : 'meter-figure'}>
                    {t('billing.usageOf', {
                      used: formatNumber(row.used),
                      limit: formatNumber(row.limit),
                    })}
                  </span>
                </>
              ) : (
                <span className="muted meter-figure">{t('billing.notIncluded')}</span>
              )}
            </li>
          );
        })}
      </ul>
      {period?.period_start && period.period_end ? (
        <p className="muted small">
          {t('billing.periodUsage', {
            from: formatDay(period.period_start),
            to: formatDay(period.period_end),
          })}
        </p>
      ) : null}
    </>
  );
}

function InvoiceTable({ invoices }: { invoices: readonly Invoice[] }) {
  const { t } = useTranslation();
  return (
    <div
      className="table-scroll billing-invoices"
      tabIndex={0}
      role="region"
      aria-label={t('billing.invoices')}
    >
      <table>
        <thead>
          <tr>
            <th scope="col">{t('billing.date')}</th>
            <th scope="col">{t('billing.period')}</th>
            <th scope="col">{t('billing.status')}</th>
            <th scope="col" className="num">
              {t('billing.total')}
            </th>
            <th scope="col">{t('billing.lines')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('billing.document')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td>{formatDay(invoice.created_at)}</td>
              <td>
                {formatDay(invoice.period_start)} – {formatDay(invoice.period_end)}
              </td>
              <td>
                <span
                  className={`badge badge-tone-${invoice.status === 'paid' ? 'ok' : invoice.status === 'open' ? 'warn' : 'danger'}`}
                >
                  {t(`billing.statuses.${invoice.status}`)}
                </span>
              </td>
              <td className="num">{formatMoney(invoice.total, invoice.currency)}</td>
              <td className="invoice-lines">
                <ul className="plain-list small">
                  {invoice.lines.map((line, index) => (
                    <li key={index}>
                      {line.description}: {formatMoney(line.amount, invoice.currency)}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    void downloadFile(
                      `/api/v1/billing/invoices/${invoice.id}/document`,
                      `invoice-${invoice.created_at.slice(0, 10)}-${invoice.id}.html`,
                    )
                  }
                >
                  {t('billing.download')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
