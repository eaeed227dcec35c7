import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDay, formatNumber, formatPercent } from '../i18n/format';
import { channelName } from './markets';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { routeMissing } from '../api/client';
import { TrendChart } from '../components/charts';
import { isoDay, useStatusLabel } from '../components/widgets';
import { campaignHref } from './ads-shared';
import type { ApiResponse } from '../api/resources';

type SentimentAlerts = ApiResponse<'/api/v1/ads/sentiment-alerts'>;

type AdSentiment = ApiResponse<'/api/v1/ads/{id}/sentiment'>;

/** Sentiment has its own words and colours (not a workflow state such as "rejected"). */
const sentimentTone: Record<string, string> = { positive: 'ok', negative: 'danger', mixed: 'warn' };

function SentimentLabel({ label, score }: { label: string | null; score: number | null }) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  if (label === null || score === null) return <span className="muted">{t('ads.noComments')}</span>;
  return (
    <span className="row">
      <span
        className={`badge${sentimentTone[label] ? ` badge-tone-${sentimentTone[label]}` : ''}`}
        data-sentiment={label}
      >
        {statusLabel(label)}
      </span>
      <span className="small">({formatNumber(score, 2)})</span>
    </span>
  );
}

/** One ad's comment sentiment per day and its latest comments (for the campaign page). */
export function AdSentimentPanel({ adId }: { adId: string }) {
  const { t } = useTranslation();
  const result = useApiQuery<AdSentiment>(
    `/api/v1/ads/${adId}/sentiment?from=${isoDay(-29)}&to=${isoDay()}`,
  );
  if (result.isLoading && !result.data) return <Loading />;
  if (routeMissing(result.error)) return <p className="muted small">{t('app.notAvailable')}</p>;
  if (result.error) return <ErrorNotice error={result.error} />;
  const data = result.data;
  if (!data) return null;
  if (data.comments === 0) return <Empty>{t('ads.noCommentsMonth')}</Empty>;
  return (
    <div className="stack" data-testid="ad-sentiment">
      <p className="row">
        <SentimentLabel label={data.label} score={data.score} />
        <span className="muted small">
          {t('ads.commentsAndReactions', {
            comments: formatNumber(data.comments),
            reactions: formatNumber(data.influencer_reactions),
          })}
        </span>
      </p>
      <TrendChart
        title={t('ads.sentimentByDay')}
        labels={data.days.map((d) => d.day)}
        series={[
          {
            name: t('ads.comments'),
            color: '#5b3df5',
            values: data.days.map((d) => d.comments),
            format: formatNumber,
          },
          {
            name: t('ads.negative'),
            color: '#c2352b',
            values: data.days.map((d) => d.negative),
            format: formatNumber,
          },
        ]}
      />
      <ul className="findings">
        {data.latest_comments.slice(0, 8).map((comment) => (
          <li key={comment.id}>
            <strong>{comment.author}</strong>{' '}
            <span className="muted small">
              {formatDate(comment.posted_at)} · {formatNumber(comment.sentiment, 2)}
            </span>
            <br />
            {comment.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Ads whose comments turned negative while their influencer reactions fall. */
export function AdsSentimentPage() {
  const { t } = useTranslation();
  const [brand, setBrand] = useState('');
  const [windowDays, setWindowDays] = useState('7');
  const query = new URLSearchParams({ window_days: windowDays });
  if (brand.trim()) query.set('brand', brand.trim());
  const alerts = useApiQuery<SentimentAlerts>(`/api/v1/ads/sentiment-alerts?${query.toString()}`);
  return (
    <Card
      title={t('ads.sentimentTitle')}
      actions={
        <div className="row">
          <input
            aria-label={t('ads.brand')}
            placeholder={t('ads.brand')}
            value={brand}
            onChange={(event) => setBrand(event.target.value)}
          />
          <select
            aria-label={t('ads.window')}
            value={windowDays}
            onChange={(event) => setWindowDays(event.target.value)}
          >
            {['7', '14', '30'].map((days) => (
              <option key={days} value={days}>
                {t('ads.windowOption', { days })}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {alerts.isLoading && !alerts.data ? <Loading /> : null}
      {routeMissing(alerts.error) ? (
        <Empty>{t('app.notAvailable')}</Empty>
      ) : (
        <ErrorNotice error={alerts.error} />
      )}
      {alerts.data ? (
        <p className="muted small">
          {t('ads.windows', {
            from: formatDay(alerts.data.window.current.from),
            to: formatDay(alerts.data.window.current.to),
            previousFrom: formatDay(alerts.data.window.previous.from),
            previousTo: formatDay(alerts.data.window.previous.to),
          })}
        </p>
      ) : null}
      {alerts.data && alerts.data.data.length === 0 ? <Empty>{t('ads.noAlerts')}</Empty> : null}
      {alerts.data && alerts.data.data.length > 0 ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('ads.ad')}</th>
                <th>{t('ads.campaign')}</th>
                <th>{t('ads.channel')}</th>
                <th>{t('ads.sentiment')}</th>
                <th className="num">{t('ads.comments')}</th>
                <th className="num">{t('ads.influencerReactions')}</th>
                <th className="num">{t('ads.drop')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.data.map((row) => (
                <tr key={row.ad_id}>
                  <td>
                    {row.variant} · {row.headline}
                  </td>
                  <td>
                    <Link to={campaignHref(row.campaign_id)}>{row.campaign_name}</Link>
                    <div className="muted small">{row.brand}</div>
                  </td>
                  <td>{channelName(row.channel)}</td>
                  <td>
                    <SentimentLabel label={row.sentiment.label} score={row.sentiment.score} />
                  </td>
                  <td className="num">
                    {t('ads.commentsNegative', {
                      comments: formatNumber(row.sentiment.comments),
                      negative: formatNumber(row.sentiment.negative_comments),
                    })}
                  </td>
                  <td className="num">
                    {formatNumber(row.influencer_reactions.previous)} →{' '}
                    {formatNumber(row.influencer_reactions.current)}
                  </td>
                  <td className="num">
                    {formatPercent(row.influencer_reactions.drop_pct / 100, 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
