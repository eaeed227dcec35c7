import * as Tabs from '@radix-ui/react-tabs';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { routeMissing, send } from '../api/client';
import { useApiInfiniteList, useApiQuery, useInvalidate } from '../api/queries';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatMoney } from '../i18n/format';
import { DealsList } from './crm-deals-list';
import { LostDealDialog } from './crm-lost-deal-dialog';
import { NewDealForm } from './crm-new-deal-form';
import { leadHref, type Deal, type Pipeline, type Stage } from './crm-shared';

/** Sums per currency: "USD 1,200 · CRC 50,000". */
function totalsOf(deals: Deal[]): string {
  const sums = new Map<string, number>();
  for (const deal of deals)
    sums.set(
      deal.amount.currency,
      (sums.get(deal.amount.currency) ?? 0) + deal.amount.amount_minor,
    );
  return [...sums].map(([currency, minor]) => formatMoney(minor, currency)).join(' · ');
}

interface BoardActions {
  canWrite: boolean;
  busy: boolean;
  onMove: (deal: Deal, stage: Stage) => void;
  onLose: (deal: Deal) => void;
}

function DealCard({
  deal,
  stages,
  actions,
}: {
  deal: Deal;
  stages: Stage[];
  actions: BoardActions;
}) {
  const { t } = useTranslation();
  const open = stages.filter((s) => s.kind === 'open');
  const index = open.findIndex((s) => s.id === deal.stage_id);
  const previous = index > 0 ? open[index - 1] : undefined;
  const next = index >= 0 && index < open.length - 1 ? open[index + 1] : undefined;
  const won = stages.find((s) => s.kind === 'won');
  const { busy } = actions;
  return (
    <article className="deal" data-testid="deal">
      <strong>{deal.title}</strong>
      <span>{formatMoney(deal.amount.amount_minor, deal.amount.currency)}</span>
      {deal.contact_id ? <Link to={leadHref(deal.contact_id)}>{t('crm.contact')}</Link> : null}
      {deal.status === 'lost' && deal.lost_reason ? (
        <span className="muted small">{t('crm.lostBecause', { reason: deal.lost_reason })}</span>
      ) : null}
      {actions.canWrite && deal.status === 'open' ? (
        <div className="row">
          {previous ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              title={t('crm.backTo', { stage: previous.name })}
              aria-label={t('crm.moveBack', { title: deal.title, stage: previous.name })}
              onClick={() => actions.onMove(deal, previous)}
            >
              ◀
            </button>
          ) : null}
          {next ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              title={t('crm.onTo', { stage: next.name })}
              aria-label={t('crm.moveTo', { title: deal.title, stage: next.name })}
              onClick={() => actions.onMove(deal, next)}
            >
              ▶
            </button>
          ) : null}
          {won ? (
            <button
              type="button"
              disabled={busy}
              aria-label={t('crm.markWon', { title: deal.title })}
              onClick={() => actions.onMove(deal, won)}
            >
              {t('crm.won')}
            </button>
          ) : null}
          <button
            type="button"
            className="danger"
            disabled={busy}
            aria-label={t('crm.markLost', { title: deal.title })}
            onClick={() => actions.onLose(deal)}
          >
            {t('crm.lostButton')}
          </button>
        </div>
      ) : null}
    </article>
  );
}

/** One stage's deals, read page by page ("Load more"). */
function StageColumn({
  pipeline,
  stage,
  stages,
  actions,
}: {
  pipeline: Pipeline;
  stage: Stage;
  stages: Stage[];
  actions: BoardActions;
}) {
  const { t } = useTranslation();
  const deals = useApiInfiniteList<Deal>(
    `/api/v1/deals?pipeline_id=${pipeline.id}&stage_id=${stage.id}&limit=25`,
  );
  const inStage = deals.items ?? [];
  return (
    <section className="board-column" aria-label={stage.name} data-testid="stage">
      <h3>
        <span>{stage.name}</span>
        <span className="muted">
          {inStage.length}
          {deals.hasNextPage ? '+' : ''}
        </span>
      </h3>
      <span className="muted small">
        {stage.kind === 'open'
          ? t('crm.likely', { probability: stage.probability })
          : t(`crm.stageKinds.${stage.kind}`)}
        {inStage.length ? ` · ${totalsOf(inStage)}` : ''}
      </span>
      {deals.isLoading ? <Loading /> : null}
      <ErrorNotice error={deals.error} />
      {inStage.map((deal) => (
        <DealCard key={deal.id} deal={deal} stages={stages} actions={actions} />
      ))}
      <LoadMore
        hasNextPage={deals.hasNextPage}
        isFetchingNextPage={deals.isFetchingNextPage}
        fetchNextPage={deals.fetchNextPage}
        shown={inStage.length}
      />
    </section>
  );
}

interface Move {
  deal: Deal;
  stage: Stage;
  reason?: string;
}

/** Deals by stage (a board, moved with buttons) or as a sortable, exportable list. */
export function CrmPipelinePage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const invalidate = useInvalidate();
  const pipelines = useApiQuery<{ data: Pipeline[] }>('/api/v1/pipelines');
  const [chosen, setChosen] = useState('');
  const [message, setMessage] = useState('');
  const [losing, setLosing] = useState<Deal>();
  const pipeline =
    pipelines.data?.data.find((p) => p.id === chosen) ?? pipelines.data?.data[0] ?? undefined;
  const canWrite = permissions.can('crm:write');
  const move = useMutation({
    mutationFn: ({ deal, stage, reason }: Move) =>
      send('POST', `/api/v1/deals/${deal.id}/move`, {
        stage_id: stage.id,
        ...(reason ? { reason } : {}),
      }),
    onSuccess: async (_, { deal, stage }) => {
      setLosing(undefined);
      setMessage(t('crm.moved', { title: deal.title, stage: stage.name }));
      // A won or lost deal changes its contact's stage too.
      await invalidate('/api/v1/deals', '/api/v1/contacts');
    },
  });
  const actions: BoardActions = {
    canWrite,
    busy: move.isPending,
    onMove: (deal, stage) => move.mutate({ deal, stage }),
    onLose: (deal) => {
      move.reset();
      setLosing(deal);
    },
  };

  if (pipelines.isLoading) return <Loading />;
  if (routeMissing(pipelines.error)) return <Empty>{t('app.notAvailable')}</Empty>;
  if (pipelines.error) return <ErrorNotice error={pipelines.error} />;
  if (!pipeline) return <Empty>{t('crm.noPipeline')}</Empty>;
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const lostStage = stages.find((s) => s.kind === 'lost');

  return (
    <div className="stack">
      <SuccessNotice>{message}</SuccessNotice>
      {losing ? null : <ErrorNotice error={move.error} />}
      <Card
        title={pipeline.name}
        actions={
          pipelines.data && pipelines.data.data.length > 1 ? (
            <select
              aria-label={t('crm.pipeline')}
              value={pipeline.id}
              onChange={(event) => setChosen(event.target.value)}
            >
              {pipelines.data.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.is_default ? t('crm.defaultPipeline', { name: p.name }) : p.name}
                </option>
              ))}
            </select>
          ) : null
        }
      >
        {canWrite ? (
          <NewDealForm
            pipeline={pipeline}
            onCreated={(deal) => {
              setMessage(t('crm.opened', { title: deal.title }));
              void invalidate('/api/v1/deals');
            }}
          />
        ) : null}
        <Tabs.Root defaultValue="board">
          <Tabs.List className="tabs" aria-label={t('crm.view')}>
            <Tabs.Trigger value="board">{t('crm.board')}</Tabs.Trigger>
            <Tabs.Trigger value="list">{t('crm.list')}</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="board">
            <div className="board" data-testid="board">
              {stages.map((stage) => (
                <StageColumn
                  key={stage.id}
                  pipeline={pipeline}
                  stage={stage}
                  stages={stages}
                  actions={actions}
                />
              ))}
            </div>
          </Tabs.Content>
          <Tabs.Content value="list">
            <DealsList pipeline={pipeline} canExport={canWrite} />
          </Tabs.Content>
        </Tabs.Root>
      </Card>
      <LostDealDialog
        deal={losing}
        busy={move.isPending}
        error={move.error}
        onLose={(deal, reason) => lostStage && move.mutate({ deal, stage: lostStage, reason })}
        onClose={() => setLosing(undefined)}
      />
    </div>
  );
}
