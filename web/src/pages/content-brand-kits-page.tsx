import { useConfirm } from '../components/confirm-dialog';
import { formatDate } from '../i18n/format';
import { useState, type FormEvent } from 'react';
import type { ApiError, Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { Card, Empty, ErrorNotice, Field, Loading } from '../components/ui';
import { asApiError, newIdempotencyKey, send } from '../api/client';
import { usePermissions } from '../components/permissions';
import {
  Pager,
  SelectField,
  SuccessNotice,
  TextAreaField,
  splitList,
  useCursorPages,
} from '../components/widgets';
import {
  contentChannels,
  FindingsList,
  type BrandFinding,
  type BrandKit,
  type FormatFinding,
} from './content-shared';

interface KitForm {
  name: string;
  voice: string;
  colors: string;
  approved_claims: string;
  banned_phrases: string;
  logo_text: string;
  channel_limits: string;
}

const emptyKit: KitForm = {
  name: '',
  voice: '',
  colors: '',
  approved_claims: '',
  banned_phrases: '',
  logo_text: '',
  channel_limits: '',
};

const formOf = (kit: BrandKit): KitForm => ({
  name: kit.name,
  voice: kit.voice,
  colors: kit.colors.join(', '),
  approved_claims: kit.approved_claims.join('\n'),
  banned_phrases: kit.banned_phrases.join('\n'),
  logo_text: kit.logo_text ?? '',
  channel_limits: Object.entries(kit.channel_limits)
    .map(([channel, limit]) => `${channel}: ${limit}`)
    .join(', '),
});

/** "x: 200, instagram: 1000" → { x: 200, instagram: 1000 } (unparsable parts left to the API). */
function limitsOf(text: string): Record<string, number> {
  return Object.fromEntries(
    splitList(text).map((part) => {
      const [channel = '', limit = ''] = part.split(':').map((s) => s.trim());
      return [channel, Number(limit)];
    }),
  );
}

function KitEditor({
  kit,
  onSaved,
  onCancel,
}: {
  kit: BrandKit | undefined;
  onSaved: (kit: BrandKit) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<KitForm>(kit ? formOf(kit) : emptyKit);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const set = (field: keyof KitForm) => (value: string) =>
    setForm((f) => ({ ...f, [field]: value }));
  const fields = error?.fieldErrors() ?? {};

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      name: form.name,
      voice: form.voice,
      colors: splitList(form.colors, /[\s,]+/),
      approved_claims: splitList(form.approved_claims, /\n+/),
      banned_phrases: splitList(form.banned_phrases, /\n+/),
      logo_text: form.logo_text.trim() || null,
      channel_limits: limitsOf(form.channel_limits),
    };
    try {
      onSaved(
        kit
          ? await send<BrandKit>('PATCH', `/api/v1/brand-kits/${kit.id}`, body)
          : await send<BrandKit>('POST', '/api/v1/brand-kits', body, { idempotencyKey: key }),
      );
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => error?.fieldError(name);
  return (
    <form className="form-grid" onSubmit={save} noValidate aria-label="Brand kit">
      <Field
        label="Name"
        name="name"
        value={form.name}
        onChange={set('name')}
        error={fieldError('name')}
      />
      <Field
        label="Logo text"
        name="logo_text"
        value={form.logo_text}
        onChange={set('logo_text')}
        error={fieldError('logo_text')}
      />
      <Field
        label="Colours (#rrggbb, primary first)"
        name="colors"
        value={form.colors}
        onChange={set('colors')}
        error={fieldError('colors')}
      />
      <Field
        label="Channel limits (x: 200, email: 600)"
        name="channel_limits"
        value={form.channel_limits}
        onChange={set('channel_limits')}
        error={fieldError('channel_limits')}
      />
      <div className="span-2">
        <TextAreaField
          label="Voice"
          name="voice"
          value={form.voice}
          onChange={set('voice')}
          error={fieldError('voice')}
        />
      </div>
      <TextAreaField
        label="Approved claims (one per line)"
        name="approved_claims"
        value={form.approved_claims}
        onChange={set('approved_claims')}
        error={fieldError('approved_claims')}
        rows={4}
      />
      <TextAreaField
        label="Banned phrases (one per line)"
        name="banned_phrases"
        value={form.banned_phrases}
        onChange={set('banned_phrases')}
        error={fieldError('banned_phrases')}
        rows={4}
      />
      <div className="span-2 form-actions">
        <button type="submit" disabled={busy}>
          {kit ? 'Save brand kit' : 'Create brand kit'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <ErrorNotice error={error && Object.keys(fields).length === 0 ? error : undefined} />
      </div>
    </form>
  );
}

function KitCheck({ kit }: { kit: BrandKit }) {
  const [text, setText] = useState('');
  const [channel, setChannel] = useState('');
  const [result, setResult] = useState<{
    ok: boolean;
    findings: BrandFinding[];
    format_findings: FormatFinding[];
  }>();
  const [error, setError] = useState<ApiError>();
  async function check(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      setResult(
        await send('POST', `/api/v1/brand-kits/${kit.id}/check`, {
          text,
          ...(channel ? { channel } : {}),
        }),
      );
    } catch (failure) {
      setError(asApiError(failure));
    }
  }
  return (
    <form className="stack" onSubmit={check} aria-label="Check copy">
      <TextAreaField
        label={`Check copy against ${kit.name}`}
        name="text"
        value={text}
        onChange={setText}
        rows={3}
      />
      <div className="row">
        <SelectField
          label="Channel"
          name="check-channel"
          value={channel}
          onChange={setChannel}
          options={contentChannels}
          allowEmpty="Any"
        />
        <button type="submit" className="secondary" disabled={!text.trim()}>
          Check
        </button>
      </div>
      <ErrorNotice error={error} />
      {result ? <FindingsList brand={result.findings} format={result.format_findings} /> : null}
    </form>
  );
}

export function ContentBrandKitsPage() {
  const confirm = useConfirm();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const pages = useCursorPages('kits');
  const kits = useApiQuery<Page<BrandKit>>(
    `/api/v1/brand-kits?limit=20${pages.cursor ? `&cursor=${pages.cursor}` : ''}`,
  );
  const [editing, setEditing] = useState<BrandKit | 'new'>();
  const [checking, setChecking] = useState<BrandKit>();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ApiError>();
  const canWrite = permissions.can('content:write');

  async function remove(kit: BrandKit) {
    if (
      !(await confirm(
        `Delete the brand kit ${kit.name}? Requests that used it keep their findings.`,
      ))
    )
      return;
    setError(undefined);
    try {
      await send('DELETE', `/api/v1/brand-kits/${kit.id}`);
      setMessage(`Deleted ${kit.name}.`);
      void invalidate('/api/v1/brand-kits');
    } catch (failure) {
      setError(asApiError(failure));
    }
  }

  return (
    <div className="stack">
      <SuccessNotice>{message}</SuccessNotice>
      <ErrorNotice error={error} />
      {editing ? (
        <Card title={editing === 'new' ? 'New brand kit' : `Edit ${editing.name}`}>
          <KitEditor
            key={editing === 'new' ? 'new' : editing.id}
            kit={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(undefined)}
            onSaved={(kit) => {
              setEditing(undefined);
              setMessage(`Saved ${kit.name}.`);
              void invalidate('/api/v1/brand-kits');
            }}
          />
        </Card>
      ) : null}
      <Card
        title="Brand kits"
        actions={
          canWrite && !editing ? (
            <button type="button" onClick={() => setEditing('new')}>
              New brand kit
            </button>
          ) : null
        }
      >
        {kits.isLoading && !kits.data ? <Loading /> : null}
        <ErrorNotice error={kits.error} />
        {kits.data && kits.data.data.length === 0 ? (
          <Empty>
            No brand kits yet. A kit keeps generated copy on-brand: voice, colours, claims and
            banned phrases.
          </Empty>
        ) : null}
        {kits.data && kits.data.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Colours</th>
                <th>Claims</th>
                <th>Banned</th>
                <th>Updated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {kits.data.data.map((kit) => (
                <tr key={kit.id}>
                  <td>
                    <strong>{kit.name}</strong>
                    {kit.voice ? <div className="muted small">{kit.voice}</div> : null}
                  </td>
                  <td>
                    {kit.colors.map((color) => (
                      <span
                        key={color}
                        className="swatch"
                        style={{ background: color }}
                        title={color}
                      />
                    ))}
                  </td>
                  <td>{kit.approved_claims.length}</td>
                  <td>{kit.banned_phrases.length}</td>
                  <td>{formatDate(kit.updated_at)}</td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setChecking(kit)}>
                      Check copy
                    </button>
                    {canWrite ? (
                      <>
                        <button type="button" className="link" onClick={() => setEditing(kit)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          className="link danger-link"
                          onClick={() => void remove(kit)}
                        >
                          Delete
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <Pager
          page={pages.page}
          hasMore={kits.data?.has_more ?? false}
          onPrevious={pages.previous}
          onNext={() => pages.next(kits.data?.next_cursor ?? null)}
        />
      </Card>
      {checking ? (
        <Card title="Brand check">
          <KitCheck key={checking.id} kit={checking} />
        </Card>
      ) : null}
    </div>
  );
}
