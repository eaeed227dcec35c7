import { formatMoney } from '../i18n/format';
import { Link } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, localError, newIdempotencyKey, routeMissing, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { Pager, SuccessNotice, useCursorPages } from '../components/widgets';
import { leadHref, type Deal, type Pipeline, type Stage } from './crm-shared';

function NewDealForm({
  pipeline,
  onCreated,
}: {
  pipeline: Pipeline;
  onCreated: (deal: Deal) => void;
}) {
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [error, setError] = useState<ApiError>();
  const [key, setKey] = useState(newIdempotencyKey);
  const fields = error?.fieldErrors() ?? {};

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const deal = await send<Deal>(
        'POST',
        '/api/v1/deals',
        {
          title,
          pipeline_id: pipeline.id,
          amount_minor: amount ? Math.round(Number(amount) * 100) : undefined,
          currency: currency.toUpperCase(),
        },
        { idempotencyKey: key },
      );
      setTitle('');
      setAmount('');
      setKey(newIdempotencyKey());
      onCreated(deal);
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="filters" onSubmit={create} noValidate aria-label="New deal">
      <Field label="Deal" name="title" value={title} onChange={setTitle} error={fields.title} />
      <Field
        label="Amount"
        name="amount"
        type="number"
        value={amount}
        onChange={setAmount}
        error={fields.amount_minor}
      />
      <Field
        label="Currency"
        name="currency"
        value={currency}
        onChange={setCurrency}
        error={fields.currency}
      />
      <div className="form-actions">
        <button type="submit">Open deal</button>
      </div>
      <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
    </form>
  );
}

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

function DealCard({
  deal,
  stages,
  canWrite,
  busy,
  onMove,
  onLose,
}: {
  deal: Deal;
  stages: Stage[];
  canWrite: boolean;
  busy: boolean;
  onMove: (deal: Deal, stage: Stage) => void;
  onLose: (deal: Deal) => void;
}) {
  const open = stages.filter((s) => s.kind === 'open');
  const index = open.findIndex((s) => s.id === deal.stage_id);
  const previous = index > 0 ? open[index - 1] : undefined;
  const next = index >= 0 && index < open.length - 1 ? open[index + 1] : undefined;
  const won = stages.find((s) => s.kind === 'won');
  return (
    <article className="deal" data-testid="deal">
      <strong>{deal.title}</strong>
      <span>{formatMoney(deal.amount.amount_minor, deal.amount.currency)}</span>
      {deal.contact_id ? <Link to={leadHref(deal.contact_id)}>contact</Link> : null}
      {deal.status === 'lost' && deal.lost_reason ? (
        <span className="muted small">Lost: {deal.lost_reason}</span>
      ) : null}
      {canWrite && deal.status === 'open' ? (
        <div className="row">
          {previous ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              title={`Back to ${previous.name}`}
              aria-label={`Move ${deal.title} back to ${previous.name}`}
              onClick={() => onMove(deal, previous)}
            >
              ◀
            </button>
          ) : null}
          {next ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              title={`On to ${next.name}`}
              aria-label={`Move ${deal.title} to ${next.name}`}
              onClick={() => onMove(deal, next)}
            >
              ▶
            </button>
          ) : null}
          {won ? (
            <button
              type="button"
              disabled={busy}
              aria-label={`Mark ${deal.title} won`}
              onClick={() => onMove(deal, won)}
            >
              Won
            </button>
          ) : null}
          <button
            type="button"
            className="danger"
            disabled={busy}
            aria-label={`Mark ${deal.title} lost`}
            onClick={() => onLose(deal)}
          >
            Lost
          </button>
        </div>
      ) : null}
    </article>
  );
}

/** One stage's deals, paged on its own (the API serves at most 100 per page). */
function StageColumn({
  pipeline,
  stage,
  stages,
  canWrite,
  busy,
  onMove,
  onLose,
}: {
  pipeline: Pipeline;
  stage: Stage;
  stages: Stage[];
  canWrite: boolean;
  busy: boolean;
  onMove: (deal: Deal, stage: Stage) => void;
  onLose: (deal: Deal) => void;
}) {
  const pages = useCursorPages(stage.id);
  const deals = useApiQuery<Page<Deal>>(
    `/api/v1/deals?pipeline_id=${pipeline.id}&stage_id=${stage.id}&limit=25${pages.cursor ? `&cursor=${pages.cursor}` : ''}`,
  );
  const inStage = deals.data?.data ?? [];
  return (
    <section className="board-column" aria-label={stage.name} data-testid="stage">
      <h3>
        <span>{stage.name}</span>
        <span className="muted">
          {inStage.length}
          {deals.data?.has_more || pages.page > 1 ? '+' : ''}
        </span>
      </h3>
      <span className="muted small">
        {stage.kind === 'open' ? `${stage.probability} % likely` : stage.kind}
        {inStage.length ? ` · ${totalsOf(inStage)}` : ''}
      </span>
      {deals.isLoading && !deals.data ? <Loading /> : null}
      <ErrorNotice error={deals.error} />
      {inStage.map((deal) => (
        <DealCard
          key={deal.id}
          deal={deal}
          stages={stages}
          canWrite={canWrite}
          busy={busy}
          onMove={onMove}
          onLose={onLose}
        />
      ))}
      <Pager
        page={pages.page}
        hasMore={deals.data?.has_more ?? false}
        onPrevious={pages.previous}
        onNext={() => pages.next(deals.data?.next_cursor ?? null)}
      />
    </section>
  );
}

export function CrmPipelinePage() {
  const permissions = usePermissions();
  const pipelines = useApiQuery<{ data: Pipeline[] }>('/api/v1/pipelines');
  const [chosen, setChosen] = useState('');
  const pipeline =
    pipelines.data?.data.find((p) => p.id === chosen) ?? pipelines.data?.data[0] ?? undefined;
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const canWrite = permissions.can('crm:write');
  const reload = () => void invalidate('/api/v1/deals');

  async function move(deal: Deal, stage: Stage, reason?: string) {
    setBusy(true);
    setError(undefined);
    try {
      await send('POST', `/api/v1/deals/${deal.id}/move`, {
        stage_id: stage.id,
        ...(reason ? { reason } : {}),
      });
      setMessage(`“${deal.title}” moved to ${stage.name}.`);
      reload();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  function lose(deal: Deal) {
    const lost = pipeline?.stages.find((s) => s.kind === 'lost');
    if (!lost) return;
    const reason = window.prompt(`Why was “${deal.title}” lost?`);
    if (reason === null) return;
    if (!reason.trim()) {
      setMessage('');
      setError(localError('A lost deal needs a reason.'));
      return;
    }
    void move(deal, lost, reason.trim());
  }

  if (pipelines.isLoading && !pipelines.data) return <Loading />;
  if (routeMissing(pipelines.error))
    return <Empty>Pipelines are not available on this server yet.</Empty>;
  if (pipelines.error) return <ErrorNotice error={pipelines.error} />;
  if (!pipeline) return <Empty>No pipeline yet.</Empty>;
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);

  return (
    <div className="stack">
      <SuccessNotice>{message}</SuccessNotice>
      <ErrorNotice error={error} />
      <Card
        title={pipeline.name}
        actions={
          pipelines.data && pipelines.data.data.length > 1 ? (
            <select
              aria-label="Pipeline"
              value={pipeline.id}
              onChange={(event) => setChosen(event.target.value)}
            >
              {pipelines.data.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.is_default ? ' (default)' : ''}
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
              setMessage(`Opened “${deal.title}”.`);
              reload();
            }}
          />
        ) : null}
        <div className="board" data-testid="board">
          {stages.map((stage) => (
            <StageColumn
              key={stage.id}
              pipeline={pipeline}
              stage={stage}
              stages={stages}
              canWrite={canWrite}
              busy={busy}
              onMove={(d, s) => void move(d, s)}
              onLose={lose}
            />
          ))}
        </div>
      </Card>
    </div>
  );
}
