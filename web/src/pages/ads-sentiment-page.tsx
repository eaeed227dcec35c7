import { formatDate, formatNumber } from '../i18n/format';
import { Link } from 'react-router';
import { useState } from 'react';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { routeMissing } from '../api/client';
import { TrendChart } from '../components/trend-chart';
import { isoDay, useStatusLabel } from '../components/widgets';
import { campaignHref } from './ads-shared';

interface SentimentAlerts {
  window: { current: { from: string; to: string }; previous: { from: string; to: string } };
  data: {
    ad_id: string;
    campaign_id: string;
    campaign_name: string;
    brand: string;
    channel: string;
    variant: string;
    headline: string;
    sentiment: { score: number; label: string; comments: number; negative_comments: number };
    influencer_reactions: { current: number; previous: number; drop_pct: number };
  }[];
}

interface AdSentiment {
  score: number | null;
  label: string | null;
  comments: number;
  influencer_reactions: number;
  days: {
    day: string;
    score: number | null;
    comments: number;
    positive: number;
    negative: number;
    neutral: number;
    influencer_reactions: number;
  }[];
  latest_comments: {
    id: string;
    author: string;
    text: string;
    sentiment: number;
    reactions: number;
    posted_at: string;
  }[];
}

/** Sentiment has its own words and colours (not a workflow state such as "rejected"). */
const sentimentTone: Record<string, string> = { positive: 'ok', negative: 'danger', mixed: 'warn' };

function SentimentLabel({ label, score }: { label: string | null; score: number | null }) {
  const statusLabel = useStatusLabel();
  if (label === null || score === null) return <span className="muted">no comments</span>;
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
  const result = useApiQuery<AdSentiment>(
    `/api/v1/ads/${adId}/sentiment?from=${isoDay(-29)}&to=${isoDay()}`,
  );
  if (result.isLoading && !result.data) return <Loading />;
  if (routeMissing(result.error))
    return <p className="muted small">Comment sentiment is not available on this server yet.</p>;
  if (result.error) return <ErrorNotice error={result.error} />;
  const data = result.data;
  if (!data) return null;
  if (data.comments === 0) return <Empty>No comments in the last 30 days.</Empty>;
  return (
    <div className="stack" data-testid="ad-sentiment">
      <p className="row">
        <SentimentLabel label={data.label} score={data.score} />
        <span className="muted small">
          {formatNumber(data.comments)} comments · {formatNumber(data.influencer_reactions)}{' '}
          influencer reactions
        </span>
      </p>
      <TrendChart
        title="Sentiment by day"
        labels={data.days.map((d) => d.day)}
        series={[
          {
            name: 'Comments',
            color: '#5b3df5',
            values: data.days.map((d) => d.comments),
            format: formatNumber,
          },
          {
            name: 'Negative',
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
              {formatDate(comment.posted_at)} · {comment.sentiment.toFixed(2)}
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
  const [brand, setBrand] = useState('');
  const [windowDays, setWindowDays] = useState('7');
  const query = new URLSearchParams({ window_days: windowDays });
  if (brand.trim()) query.set('brand', brand.trim());
  const alerts = useApiQuery<SentimentAlerts>(`/api/v1/ads/sentiment-alerts?${query.toString()}`);
  return (
    <Card
      title="Negative sentiment with falling influencer reactions"
      actions={
        <div className="row">
          <input
            aria-label="Brand"
            placeholder="Brand"
            value={brand}
            onChange={(event) => setBrand(event.target.value)}
          />
          <select
            aria-label="Window"
            value={windowDays}
            onChange={(event) => setWindowDays(event.target.value)}
          >
            {['7', '14', '30'].map((days) => (
              <option key={days} value={days}>
                last {days} days vs the {days} before
              </option>
            ))}
          </select>
        </div>
      }
    >
      {alerts.isLoading && !alerts.data ? <Loading /> : null}
      {routeMissing(alerts.error) ? (
        <Empty>Comment sentiment is not available on this server yet.</Empty>
      ) : (
        <ErrorNotice error={alerts.error} />
      )}
      {alerts.data ? (
        <p className="muted small">
          Current window {alerts.data.window.current.from} → {alerts.data.window.current.to};
          previous {alerts.data.window.previous.from} → {alerts.data.window.previous.to}.
        </p>
      ) : null}
      {alerts.data && alerts.data.data.length === 0 ? (
        <Empty>No ad needs attention: sentiment is fine or reactions are holding.</Empty>
      ) : null}
      {alerts.data && alerts.data.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Ad</th>
              <th>Campaign</th>
              <th>Channel</th>
              <th>Sentiment</th>
              <th className="num">Comments</th>
              <th className="num">Influencer reactions</th>
              <th className="num">Drop</th>
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
                <td>{row.channel}</td>
                <td>
                  <SentimentLabel label={row.sentiment.label} score={row.sentiment.score} />
                </td>
                <td className="num">
                  {formatNumber(row.sentiment.comments)} (
                  {formatNumber(row.sentiment.negative_comments)} negative)
                </td>
                <td className="num">
                  {formatNumber(row.influencer_reactions.previous)} →{' '}
                  {formatNumber(row.influencer_reactions.current)}
                </td>
                <td className="num">{row.influencer_reactions.drop_pct.toFixed(0)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
