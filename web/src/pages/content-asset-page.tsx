import { formatDate } from '../i18n/format';
import { Link } from 'react-router';
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, localError, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import { AuthImage, SuccessNotice, TextAreaField, splitList } from '../components/widgets';
import {
  AssetStatus,
  FindingsList,
  HighlightedText,
  type Asset,
  type AssetVersion,
  type BrandFinding,
} from './content-shared';

function VersionPreview({ version }: { version: AssetVersion }) {
  const content = version.content;
  switch (content.kind) {
    case 'text':
      return (
        <div className="preview" data-testid="asset-preview">
          <h3>
            <HighlightedText text={content.headline} findings={[]} />
          </h3>
          <HighlightedText text={content.body} findings={version.brand_findings} />
          {content.call_to_action ? (
            <p>
              <span className="badge">{content.call_to_action}</span>
            </p>
          ) : null}
          {content.seo ? (
            <dl className="facts small">
              <dt>SEO title</dt>
              <dd>{content.seo.title}</dd>
              <dt>Meta description</dt>
              <dd>{content.seo.meta_description}</dd>
              <dt>Keywords</dt>
              <dd>{content.seo.keywords.join(', ')}</dd>
            </dl>
          ) : null}
        </div>
      );
    case 'image':
      return (
        <div className="preview" data-testid="asset-preview">
          <AuthImage src={content.image.url} alt={content.alt_text} className="full-image" />
          <p className="muted small">
            {content.image.width}×{content.image.height} px
            {content.headline ? ` · “${content.headline}”` : ''}
          </p>
        </div>
      );
    case 'video':
      return (
        <div className="preview" data-testid="asset-preview">
          <HighlightedText text={content.script} findings={version.brand_findings} />
          <div className="scenes">
            {content.scenes.map((scene) => (
              <figure key={scene.index} className="scene">
                <AuthImage src={scene.frame.url} alt={scene.visual} className="thumb" />
                <figcaption>
                  <strong>
                    Scene {scene.index} · {scene.duration_seconds} s
                  </strong>
                  <br />
                  {scene.visual}
                  <br />
                  <em>{scene.voice_over}</em>
                </figcaption>
              </figure>
            ))}
          </div>
        </div>
      );
  }
}

function ReviewPanel({ asset, onChanged }: { asset: Asset; onChanged: (asset: Asset) => void }) {
  const permissions = usePermissions();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function act(action: 'submit' | 'approve' | 'reject') {
    if (action === 'reject' && !comment.trim()) {
      setError(localError('Say why you reject it: the comment goes back to the author.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const updated = await send<Asset>(
        'POST',
        `/api/v1/assets/${asset.id}/${action}`,
        comment.trim() ? { comment: comment.trim() } : {},
      );
      setComment('');
      onChanged(updated);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const canSubmit =
    permissions.can('content:write') && (asset.status === 'draft' || asset.status === 'rejected');
  const canDecide = permissions.can('content:approve') && asset.status === 'in_review';
  return (
    <div className="stack">
      <div className="row">
        <AssetStatus asset={asset} />
        {asset.review.reviewed_at ? (
          <span className="muted small">
            last decision {formatDate(asset.review.reviewed_at)}
            {asset.review.comment ? `: “${asset.review.comment}”` : ''}
          </span>
        ) : null}
      </div>
      {canSubmit ? (
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void act('submit')}>
            Submit for review
          </button>
        </div>
      ) : null}
      {canDecide ? (
        <div className="stack">
          <TextAreaField
            label="Comment (required to reject)"
            name="comment"
            value={comment}
            onChange={setComment}
            rows={2}
          />
          <div className="row">
            <button type="button" disabled={busy} onClick={() => void act('approve')}>
              Approve
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void act('reject')}
            >
              Reject
            </button>
          </div>
        </div>
      ) : null}
      {asset.status === 'in_review' && !canDecide && permissions.ready ? (
        <p className="muted">Waiting for a reviewer with approval rights.</p>
      ) : null}
      <ErrorNotice error={error} />
      {asset.reviews && asset.reviews.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Version</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {asset.reviews.map((review, i) => (
              <tr key={`${review.created_at}-${i}`}>
                <td>{formatDate(review.created_at)}</td>
                <td>{review.action}</td>
                <td>v{review.version}</td>
                <td>{review.comment ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function EditPanel({ asset, onSaved }: { asset: Asset; onSaved: () => void }) {
  const content = asset.version?.content;
  const [headline, setHeadline] = useState('');
  const [body, setBody] = useState('');
  const [cta, setCta] = useState('');
  const [script, setScript] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!content) return;
    setHeadline(content.kind === 'video' ? '' : (content.headline ?? ''));
    setBody(content.kind === 'text' ? content.body : '');
    setCta(content.kind === 'text' ? (content.call_to_action ?? '') : '');
    setScript(content.kind === 'video' ? content.script : '');
  }, [content]);
  if (!content) return null;
  const fields = error?.fieldErrors() ?? {};

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const changes =
      content?.kind === 'text'
        ? { headline, body, call_to_action: cta || undefined }
        : content?.kind === 'image'
          ? { headline }
          : { script };
    try {
      await send('POST', `/api/v1/assets/${asset.id}/versions`, {
        ...changes,
        note: note.trim() || undefined,
      });
      setNote('');
      onSaved();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={save} aria-label="New version">
      {content.kind !== 'video' ? (
        <Field
          label="Headline"
          name="headline"
          value={headline}
          onChange={setHeadline}
          error={fields.headline}
        />
      ) : null}
      {content.kind === 'text' ? (
        <>
          <TextAreaField
            label="Body"
            name="body"
            value={body}
            onChange={setBody}
            rows={5}
            error={fields.body}
          />
          <Field
            label="Call to action"
            name="call_to_action"
            value={cta}
            onChange={setCta}
            error={fields.call_to_action}
          />
        </>
      ) : null}
      {content.kind === 'video' ? (
        <TextAreaField
          label="Script"
          name="script"
          value={script}
          onChange={setScript}
          rows={6}
          error={fields.script}
        />
      ) : null}
      <Field
        label="Note for reviewers"
        name="note"
        value={note}
        onChange={setNote}
        error={fields.note}
      />
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save as new version'}
        </button>
        <span className="muted small">A new version goes back to draft and is checked again.</span>
      </div>
      <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
    </form>
  );
}

function MetadataPanel({ asset, onSaved }: { asset: Asset; onSaved: (asset: Asset) => void }) {
  const [title, setTitle] = useState(asset.title);
  const [description, setDescription] = useState(asset.description);
  const [hashtags, setHashtags] = useState(asset.hashtags.join(' '));
  const [licence, setLicence] = useState(asset.usage_rights.licence ?? '');
  const [until, setUntil] = useState(asset.usage_rights.expires_at?.slice(0, 10) ?? '');
  const [error, setError] = useState<ApiError>();
  const fields = error?.fieldErrors() ?? {};

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      onSaved(
        await send<Asset>('PATCH', `/api/v1/assets/${asset.id}`, {
          title,
          description,
          hashtags: splitList(hashtags, /[\s,]+/),
          licence: licence.trim() || null,
          rights_expires_at: until ? new Date(`${until}T23:59:59Z`).toISOString() : null,
        }),
      );
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <form className="form-grid" onSubmit={save} aria-label="Library details">
      <Field label="Title" name="title" value={title} onChange={setTitle} error={fields.title} />
      <Field
        label="Hashtags"
        name="hashtags"
        value={hashtags}
        onChange={setHashtags}
        error={fields.hashtags}
      />
      <div className="span-2">
        <TextAreaField
          label="Description (used by search)"
          name="description"
          value={description}
          onChange={setDescription}
          error={fields.description}
        />
      </div>
      <Field
        label="Licence"
        name="licence"
        value={licence}
        onChange={setLicence}
        error={fields.licence}
      />
      <Field
        label="Rights expire on"
        name="rights_expires_at"
        type="date"
        value={until}
        onChange={setUntil}
        error={fields.rights_expires_at}
      />
      <div className="span-2 form-actions">
        <button type="submit" className="secondary">
          Save details
        </button>
        <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
      </div>
    </form>
  );
}

export function ContentAssetPage({ param }: { param?: string }) {
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const asset = useApiQuery<Asset>(param ? `/api/v1/assets/${param}` : null);
  const versions = useApiQuery<{ data: AssetVersion[] }>(
    param ? `/api/v1/assets/${param}/versions` : null,
  );
  const [current, setCurrent] = useState<Asset>();
  const [shownVersion, setShownVersion] = useState<number>();
  const [recheck, setRecheck] = useState<{
    brand_kit_id: string | null;
    findings: BrandFinding[];
  }>();
  const [recheckError, setRecheckError] = useState<ApiError>();
  const [message, setMessage] = useState('');
  useEffect(() => {
    setCurrent(asset.data);
  }, [asset.data]);

  if (!param) return <Empty>No asset chosen. Open one from the media library.</Empty>;
  if (asset.isLoading && !current) return <Loading />;
  if (asset.error) return <ErrorNotice error={asset.error} />;
  if (!current) return null;

  const reload = () => void invalidate(`/api/v1/assets/${current.id}`);
  const shown =
    shownVersion === undefined || shownVersion === current.current_version
      ? current.version
      : versions.data?.data.find((v) => v.version === shownVersion);

  async function runCheck() {
    setRecheckError(undefined);
    try {
      setRecheck(await send('POST', `/api/v1/assets/${current!.id}/check`));
    } catch (failure) {
      setRecheckError(asApiError(failure));
    }
  }

  return (
    <div className="stack">
      <p>
        <Link to="/content-library">← Media library</Link>
        {current.request_id ? (
          <>
            {' · '}
            <Link to={`/content-requests/${current.request_id}`}>its content request</Link>
          </>
        ) : null}
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <div className="grid">
        <Card title={current.title}>
          <div className="row">
            <AssetStatus asset={current} />
            <span className="muted small">
              {current.type} · {current.format}
              {current.channel ? ` · ${current.channel}` : ''}
              {current.language ? ` · ${current.language}` : ''} · version{' '}
              {shown?.version ?? current.current_version}
              {shown && shown.version !== current.current_version ? ' (earlier)' : ''}
            </span>
          </div>
          {shown ? <VersionPreview version={shown} /> : <Loading />}
          <div className="tags">
            {current.hashtags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </div>
          <p className="muted small">{current.description}</p>
          <dl className="facts small">
            <dt>Used</dt>
            <dd>{current.usage_count} times</dd>
            <dt>Licence</dt>
            <dd>{current.usage_rights.licence ?? '—'}</dd>
            <dt>Rights until</dt>
            <dd>{formatDate(current.usage_rights.expires_at)}</dd>
            <dt>Created</dt>
            <dd>{formatDate(current.created_at)}</dd>
          </dl>
        </Card>
        <div className="stack">
          <Card title="Approval">
            <ReviewPanel
              asset={current}
              onChanged={(updated) => {
                setCurrent(updated);
                setMessage(`Asset ${updated.status.replace('_', ' ')}.`);
              }}
            />
          </Card>
          <Card
            title="Brand check"
            actions={
              <button type="button" className="secondary" onClick={() => void runCheck()}>
                Check again
              </button>
            }
          >
            {shown ? (
              <FindingsList brand={shown.brand_findings} format={shown.format_findings} />
            ) : null}
            <ErrorNotice error={recheckError} />
            {recheck ? (
              recheck.brand_kit_id === null ? (
                <p className="muted">
                  No brand kit applies to this asset (its request named none).
                </p>
              ) : (
                <div>
                  <p className="muted small">Against the brand kit now:</p>
                  <FindingsList brand={recheck.findings} format={[]} />
                </div>
              )
            ) : null}
          </Card>
        </div>
      </div>
      <Card title="Versions">
        {versions.isLoading && !versions.data ? <Loading /> : null}
        <ErrorNotice error={versions.error} />
        {versions.data ? (
          <table>
            <thead>
              <tr>
                <th>Version</th>
                <th>Created</th>
                <th>Note</th>
                <th>Findings</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.data.data.map((version) => (
                <tr key={version.version}>
                  <td>v{version.version}</td>
                  <td>{formatDate(version.created_at)}</td>
                  <td>{version.note ?? '—'}</td>
                  <td>{version.brand_findings.length + version.format_findings.length}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setShownVersion(version.version)}
                      disabled={(shown?.version ?? current.current_version) === version.version}
                    >
                      Show
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
      {permissions.can('content:write') ? (
        <div className="grid">
          <Card title="Edit content">
            <EditPanel
              asset={current}
              onSaved={() => {
                setShownVersion(undefined);
                setMessage('Saved as a new version.');
                reload();
              }}
            />
          </Card>
          <Card title="Library details">
            <MetadataPanel
              key={current.updated_at}
              asset={current}
              onSaved={(updated) => {
                setCurrent({
                  ...current,
                  ...updated,
                  version: current.version,
                  reviews: current.reviews,
                });
                setMessage('Details saved.');
              }}
            />
          </Card>
        </div>
      ) : null}
    </div>
  );
}
