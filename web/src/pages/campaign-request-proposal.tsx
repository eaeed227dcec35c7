import { useTranslation } from 'react-i18next';
import { channelName } from './markets';
import { formatMoney, formatNumber, formatPercent } from '../i18n/format';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import { asApiError, send } from '../api/client';
import { ErrorNotice } from '../components/ui';
import { SuccessNotice, TextAreaField, AuthImage } from '../components/widgets';
import type { CampaignRequest } from './campaign-requests-shared';

type Proposal = NonNullable<CampaignRequest['proposal']>;
type Decisions = NonNullable<CampaignRequest['decision']>['adSets'];

/** Item decisions: everything starts approved; the reviewer unticks what should not run. */
function useItemDecisions() {
  const [rejected, setRejected] = useState<Set<string>>(new Set());
  const [comments, setComments] = useState<Record<string, string>>({});
  return {
    rejected,
    comments,
    toggle: (id: string) =>
      setRejected((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    comment: (id: string, text: string) => setComments((c) => ({ ...c, [id]: text })),
    /** The API's item list: only the rejected ones (items not named are approved). */
    rejections: (ids: string[]) =>
      ids
        .filter((id) => rejected.has(id))
        .map((id) => ({ id, decision: 'rejected', comment: comments[id] || undefined })),
  };
}

type Items = ReturnType<typeof useItemDecisions>;

/** The "run it" tick and the comment cell of one proposed item. */
function itemCells({
  id,
  label,
  commentLabel,
  mayDecide,
  items,
  decided,
}: {
  id: string;
  label: string;
  commentLabel: string;
  mayDecide: boolean;
  items: Items;
  decided: Decisions | undefined;
}) {
  return {
    tick: (
      <input
        type="checkbox"
        aria-label={label}
        disabled={!mayDecide}
        checked={mayDecide ? !items.rejected.has(id) : decided?.[id]?.decision !== 'rejected'}
        onChange={() => items.toggle(id)}
      />
    ),
    comment:
      mayDecide && items.rejected.has(id) ? (
        <input
          aria-label={commentLabel}
          value={items.comments[id] ?? ''}
          onChange={(event) => items.comment(id, event.target.value)}
        />
      ) : (
        (decided?.[id]?.comment ?? '')
      ),
  };
}

/**
 * The AI proposal, item by item. People allowed to approve (`campaigns:approve`) untick items,
 * comment and approve or reject; everyone else reads the proposal and the decision taken.
 */
export function ProposalView({
  request,
  mayDecide,
  onDecided,
}: {
  request: CampaignRequest;
  mayDecide: boolean;
  onDecided: () => void;
}) {
  const { t } = useTranslation();
  const proposal: Proposal = request.proposal!;
  const items = useItemDecisions();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const currency = request.budget.currency;

  async function decide(action: 'approve' | 'reject') {
    setError(undefined);
    try {
      const body =
        action === 'reject'
          ? { comment }
          : {
              ...(comment ? { comment } : {}),
              adSets: items.rejections(proposal.adSets.map((s) => s.adSetId)),
              contentVariants: items.rejections(proposal.contentVariants.map((v) => v.adId)),
            };
      await send('POST', `/api/v1/campaign-requests/${request.id}/${action}`, body);
      setDone(action === 'approve' ? t('proposal.approved') : t('proposal.rejected'));
      onDecided();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <>
      <p className="muted small">
        {t('proposal.timing', { days: proposal.timing.days, pacing: proposal.timing.pacing })} ·{' '}
        {proposal.provider} / {proposal.model}
      </p>
      <p>
        {t('proposal.channelMix')}:{' '}
        {proposal.channelMix
          .map(
            (c) =>
              `${channelName(c.channel)} ${formatPercent(c.share, 0)} (ROAS ≈ ${formatNumber(c.expectedRoas, 2)})`,
          )
          .join(' · ')}
      </p>
      <p>
        {t('proposal.audiences')}:{' '}
        {proposal.audienceSegments
          .map((s) =>
            t('proposal.contacts', { name: s.name, members: formatNumber(s.memberCount) }),
          )
          .join(', ')}
      </p>
      {proposal.suggestions.length > 0 ? (
        <ul aria-label={t('proposal.suggestions')}>
          {proposal.suggestions.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : null}
      <h3>{t('proposal.adSets')}</h3>
      <div className="table-scroll">
        <table aria-label={t('proposal.adSets')}>
          <thead>
            <tr>
              <th>{t('proposal.run')}</th>
              <th>{t('proposal.adSet')}</th>
              <th className="num">{t('proposal.share')}</th>
              <th className="num">{t('proposal.dailyBudget')}</th>
              <th>{t('proposal.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.adSets.map((set) => {
              const cells = itemCells({
                id: set.adSetId,
                label: t('proposal.approveAdSet', { name: set.name }),
                commentLabel: t('proposal.commentAdSet', { name: set.name }),
                mayDecide,
                items,
                decided: request.decision?.adSets,
              });
              return (
                <tr key={set.adSetId}>
                  <td>{cells.tick}</td>
                  <td>{set.name}</td>
                  <td className="num">{formatPercent(set.share, 1)}</td>
                  <td className="num">{formatMoney(set.dailyBudgetMinor, currency)}</td>
                  <td>{cells.comment}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{t('proposal.contentVariants')}</h3>
      <div className="table-scroll">
        <table aria-label={t('proposal.contentVariants')}>
          <thead>
            <tr>
              <th>{t('proposal.run')}</th>
              <th>{t('proposal.channel')}</th>
              <th>{t('proposal.variant')}</th>
              <th>{t('proposal.copy')}</th>
              <th>{t('proposal.banner')}</th>
              <th>{t('proposal.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.contentVariants.map((v) => {
              const cells = itemCells({
                id: v.adId,
                label: t('proposal.approveVariant', {
                  variant: v.variant,
                  channel: v.channel,
                  headline: v.headline,
                }),
                commentLabel: t('proposal.commentVariant', {
                  variant: v.variant,
                  channel: v.channel,
                }),
                mayDecide,
                items,
                decided: request.decision?.contentVariants,
              });
              return (
                <tr key={v.adId}>
                  <td>{cells.tick}</td>
                  <td>{channelName(v.channel)}</td>
                  <td>{v.variant}</td>
                  <td>
                    <strong>{v.headline}</strong>
                    <br />
                    <span className="small">{v.body}</span>
                    <br />
                    <span className="muted small">
                      {v.callToAction} {v.hashtags.join(' ')}
                    </span>
                  </td>
                  <td>
                    {v.contentAssetId ? (
                      <AuthImage
                        src={`/api/v1/assets/${v.contentAssetId}/file`}
                        alt={t('proposal.bannerOf', { variant: v.variant, channel: v.channel })}
                        className="banner-preview"
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{cells.comment}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {mayDecide ? (
        <div className="form">
          <TextAreaField
            label={t('proposal.comment')}
            name="comment"
            value={comment}
            onChange={setComment}
          />
          <ErrorNotice error={error} />
          <div className="row">
            <button type="button" onClick={() => void decide('approve')}>
              {t('proposal.approve')}
            </button>
            <button type="button" className="secondary" onClick={() => void decide('reject')}>
              {t('proposal.reject')}
            </button>
          </div>
        </div>
      ) : null}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
    </>
  );
}
