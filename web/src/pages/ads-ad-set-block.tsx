import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { send } from '../api/client';
import { useApiQuery } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge } from '../components/widgets';
import { formatMoney, formatNumber, formatPercent } from '../i18n/format';
import { AdForm } from './ads-campaign-forms';
import { AdSentimentPanel } from './ads-sentiment-page';
import { useAdsLabels, type Ad, type AdSet } from './ads-shared';
import { channelName, countryName } from './markets';

interface VariantComparison {
  metric: string;
  variants: { ad_id: string; variant: string; trials: number; successes: number; rate: number }[];
  test: {
    a: string;
    b: string;
    p_value: number;
    significant: boolean;
    winner: string | null;
  } | null;
}

function Variants({ adSetId }: { adSetId: string }) {
  const { t } = useTranslation();
  const [metric, setMetric] = useState('ctr');
  const result = useApiQuery<VariantComparison>(
    `/api/v1/ad-sets/${adSetId}/variants?metric=${metric}`,
  );
  const test = result.data?.test;
  return (
    <div className="subpanel">
      <div className="row">
        <strong>{t('ads.abTest')}</strong>
        <select
          aria-label={t('ads.metric')}
          value={metric}
          onChange={(event) => setMetric(event.target.value)}
        >
          <option value="ctr">{t('ads.metricCtr')}</option>
          <option value="conversion_rate">{t('ads.metricConversion')}</option>
        </select>
      </div>
      {result.isLoading ? <Loading /> : null}
      <ErrorNotice error={result.error} />
      {result.data ? (
        <>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('ads.variant')}</th>
                  <th className="num">{t('ads.trials')}</th>
                  <th className="num">{t('ads.successes')}</th>
                  <th className="num">{t('ads.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {result.data.variants.map((v) => (
                  <tr key={v.ad_id}>
                    <td>{v.variant}</td>
                    <td className="num">{formatNumber(v.trials)}</td>
                    <td className="num">{formatNumber(v.successes)}</td>
                    <td className="num">{formatPercent(v.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            {!test
              ? t('ads.notEnoughVariants')
              : test.winner
                ? t('ads.winner', { variant: test.winner, p: formatNumber(test.p_value, 4) })
                : t('ads.noDifference', { a: test.a, b: test.b, p: formatNumber(test.p_value, 3) })}
          </p>
        </>
      ) : null}
    </div>
  );
}

/** One ad set with its variants: pause or resume ads, add or delete them, compare A/B. */
export function AdSetBlock({
  adSet,
  ads,
  currency,
  canPublish,
  editable,
  onChanged,
}: {
  adSet: AdSet;
  ads: Ad[];
  currency: string;
  canPublish: boolean;
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const labels = useAdsLabels();
  const confirm = useConfirm();
  const [showVariants, setShowVariants] = useState(false);
  const [adding, setAdding] = useState(false);
  const [sentimentOf, setSentimentOf] = useState<string>();
  const change = useMutation({
    mutationFn: ({ method, path }: { method: 'POST' | 'DELETE'; path: string }) =>
      send(method, path),
    onSuccess: onChanged,
  });
  async function remove(path: string, title: string) {
    if (await confirm({ title, confirmLabel: t('ads.delete') }))
      change.mutate({ method: 'DELETE', path });
  }
  const used = new Set(ads.map((ad) => ad.variant));
  const nextVariant = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((letter) => !used.has(letter));
  const target = adSet.targeting;
  return (
    <section className="adset" data-testid="ad-set">
      <header className="row">
        <strong>{adSet.name}</strong>
        <span className="badge">{channelName(adSet.channel)}</span>
        <span className="muted small">
          {t('ads.perDay', { amount: formatMoney(adSet.daily_budget_minor, currency) })} ·{' '}
          {labels.pacing(adSet.pacing)} ·{' '}
          {t('ads.ages', { min: target.age_min, max: target.age_max })}
          {target.countries.length ? ` · ${target.countries.map(countryName).join(', ')}` : ''}
          {target.languages.length ? ` · ${target.languages.join(', ')}` : ''}
          {target.interests.length ? ` · ${target.interests.join(', ')}` : ''}
        </span>
        <button type="button" className="link" onClick={() => setShowVariants((v) => !v)}>
          {showVariants ? t('ads.hideAbTest') : t('ads.abTest')}
        </button>
        {editable && nextVariant ? (
          <button type="button" className="link" onClick={() => setAdding((v) => !v)}>
            {adding ? t('app.close') : t('ads.addVariantShort')}
          </button>
        ) : null}
        {editable ? (
          <button
            type="button"
            className="link danger-link"
            onClick={() =>
              void remove(
                `/api/v1/ad-sets/${adSet.id}`,
                t('ads.deleteAdSetTitle', { name: adSet.name }),
              )
            }
          >
            {t('ads.deleteAdSet')}
          </button>
        ) : null}
      </header>
      {adding && nextVariant ? (
        <AdForm
          adSetId={adSet.id}
          nextVariant={nextVariant}
          onCreated={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
      <ErrorNotice error={change.error} />
      {ads.length === 0 ? <Empty>{t('ads.noAds')}</Empty> : null}
      <div className="variants">
        {ads.map((ad) => (
          <article key={ad.id} className="variant">
            <div className="row">
              <span className="badge">{t('ads.variantNamed', { variant: ad.variant })}</span>
              <StatusBadge status={ad.status} />
            </div>
            <h3>{ad.headline}</h3>
            <p>{ad.body}</p>
            <p>
              <span className="badge">{ad.call_to_action}</span>
              {ad.content_asset_id ? (
                <>
                  {' '}
                  <Link to={`/content-library/${ad.content_asset_id}`}>
                    {t('ads.creativeLink')}
                  </Link>
                </>
              ) : null}
            </p>
            <div className="row">
              {canPublish && (ad.status === 'active' || ad.status === 'paused') ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={change.isPending}
                  onClick={() =>
                    change.mutate({
                      method: 'POST',
                      path: `/api/v1/ads/${ad.id}/${ad.status === 'paused' ? 'resume' : 'pause'}`,
                    })
                  }
                >
                  {ad.status === 'paused' ? t('ads.resumeAd') : t('ads.pauseAd')}
                </button>
              ) : null}
              <button
                type="button"
                className="link"
                onClick={() => setSentimentOf(sentimentOf === ad.id ? undefined : ad.id)}
              >
                {sentimentOf === ad.id ? t('ads.hideComments') : t('ads.comments')}
              </button>
              {editable ? (
                <button
                  type="button"
                  className="link danger-link"
                  onClick={() =>
                    void remove(
                      `/api/v1/ads/${ad.id}`,
                      t('ads.deleteVariantTitle', { variant: ad.variant }),
                    )
                  }
                >
                  {t('ads.delete')}
                </button>
              ) : null}
            </div>
          </article>
        ))}
      </div>
      {sentimentOf ? (
        <div className="subpanel">
          <AdSentimentPanel key={sentimentOf} adId={sentimentOf} />
        </div>
      ) : null}
      {showVariants ? <Variants adSetId={adSet.id} /> : null}
    </section>
  );
}
