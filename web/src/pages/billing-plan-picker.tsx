import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../i18n/format';
import {
  products,
  startsCheckout,
  tiers,
  type Currency,
  type Interval,
  type Plan,
  type Subscription,
} from './billing-shared';

/**
 * The plans of one product side by side (price, seats, every limit, features) with a button per
 * plan for the owner. A running subscription keeps its currency; a trial picks one.
 */
export function PlanPicker({
  plans,
  subscription,
  canChange,
  busy,
  onChoose,
}: {
  plans: readonly Plan[];
  subscription: Subscription;
  canChange: boolean;
  busy: boolean;
  onChoose: (plan: Plan, interval: Interval, currency: Currency) => void;
}) {
  const { t } = useTranslation();
  const current = plans.find((plan) => plan.id === subscription.plan_id);
  const [product, setProduct] = useState<Plan['product']>(current?.product ?? 'promptsales');
  const [interval, setPlanInterval] = useState<Interval>(subscription.interval);
  const [currency, setCurrency] = useState<Currency>(subscription.currency);
  const freeCurrency = startsCheckout(subscription);
  const shown = tiers.flatMap((tier) =>
    plans.filter((plan) => plan.product === product && plan.tier === tier),
  );
  const quotas = [
    ...new Set(shown.flatMap((plan) => Object.keys(plan.quotas).filter((q) => plan.quotas[q]))),
  ];
  const features = [...new Set(shown.flatMap((plan) => plan.features))];
  const price = (plan: Plan) => formatMoney(plan.prices[interval][currency], currency);

  return (
    <>
      <div className="filters">
        <label className="field">
          <span>{t('billing.product')}</span>
          <select
            name="product"
            value={product}
            onChange={(e) => setProduct(e.target.value as Plan['product'])}
          >
            {products.map((p) => (
              <option key={p} value={p}>
                {t(`billing.products.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('billing.interval')}</span>
          <select
            name="interval"
            value={interval}
            onChange={(e) => setPlanInterval(e.target.value as Interval)}
          >
            <option value="month">{t('billing.intervals.month')}</option>
            <option value="year">{t('billing.intervals.year')}</option>
          </select>
        </label>
        {freeCurrency ? (
          <label className="field">
            <span>{t('billing.currency')}</span>
            <select
              name="currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value as Currency)}
            >
              <option value="USD">USD</option>
              <option value="EUR">EUR</option>
            </select>
          </label>
        ) : null}
      </div>
      <div
        className="table-scroll plan-table"
        tabIndex={0}
        role="region"
        aria-label={t('billing.picker')}
      >
        <table>
          <thead>
            <tr>
              <td />
              {shown.map((plan) => (
                <th key={plan.id} scope="col">
                  {plan.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('billing.plan')}</th>
              {shown.map((plan) => (
                <td key={plan.id}>
                  <strong>
                    {interval === 'month'
                      ? t('billing.perMonth', { price: price(plan) })
                      : t('billing.perYear', { price: price(plan) })}
                  </strong>
                  <br />
                  <span className="muted small">
                    {t('billing.extraSeat', {
                      price: formatMoney(plan.extra_seat_prices[interval][currency], currency),
                    })}
                  </span>
                </td>
              ))}
            </tr>
            {quotas.map((quota) => (
              <tr key={quota}>
                <th scope="row">{t(`billing.quotas.${quota}` as 'billing.quotas.seats')}</th>
                {shown.map((plan) => (
                  <td key={plan.id} className="num">
                    {plan.quotas[quota] ? formatNumber(plan.quotas[quota]) : '—'}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('billing.features')}</th>
              {shown.map((plan) => (
                <td key={plan.id}>
                  <ul className="plain-list small">
                    {features
                      .filter((feature) => plan.features.includes(feature))
                      .map((feature) => (
                        <li key={feature}>
                          {t(`billing.featureNames.${feature}` as 'billing.featureNames.crm', {
                            defaultValue: feature,
                          })}
                        </li>
                      ))}
                  </ul>
                </td>
              ))}
            </tr>
            {canChange ? (
              <tr>
                <td />
                {shown.map((plan) => {
                  const isCurrent =
                    plan.id === subscription.plan_id &&
                    interval === subscription.interval &&
                    !startsCheckout(subscription);
                  return (
                    <td key={plan.id}>
                      {isCurrent ? (
                        <span className="badge badge-tone-ok">{t('billing.current')}</span>
                      ) : (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => onChoose(plan, interval, currency)}
                        >
                          {t('billing.choose', { plan: plan.name })}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
