import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchBlob } from '../api/client';

export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  error,
  allowEmpty,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | { value: string; label: string })[];
  error?: string;
  /** Adds a first option with value '' and this label ("Any", "None"). */
  allowEmpty?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        name={name}
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {allowEmpty !== undefined ? <option value="">{allowEmpty}</option> : null}
        {options.map((option) => {
          const item = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={item.value} value={item.value}>
              {item.label}
            </option>
          );
        })}
      </select>
      {error ? <small className="field-error">{error}</small> : null}
    </label>
  );
}

export function TextAreaField({
  label,
  name,
  value,
  onChange,
  error,
  rows = 3,
  placeholder,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  rows?: number;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        name={name}
        value={value}
        rows={rows}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? <small className="field-error">{error}</small> : null}
    </label>
  );
}

const statusTone: Record<string, string> = {
  completed: 'ok',
  approved: 'ok',
  active: 'ok',
  scheduled: 'ok',
  won: 'ok',
  granted: 'ok',
  failed: 'danger',
  rejected: 'danger',
  lost: 'danger',
  withdrawn: 'danger',
  queued: 'warn',
  generating: 'warn',
  in_review: 'warn',
  pending_approval: 'warn',
  paused: 'warn',
  planning: 'warn',
  awaiting_approval: 'warn',
  due_soon: 'warn',
  overdue: 'danger',
};

/** A state in the reader's language; states the app does not know read as the API says them. */
export function useStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  return (status) =>
    t(`status.${status}` as 'status.planning', { defaultValue: status.replace(/_/g, ' ') });
}

/** A state as a coloured pill: green done/approved, amber waiting, red failed/rejected. */
export function StatusBadge({ status }: { status: string }) {
  const label = useStatusLabel();
  const tone = statusTone[status];
  return (
    <span className={`badge${tone ? ` badge-tone-${tone}` : ''}`} data-status={status}>
      {label(status)}
    </span>
  );
}

/** An image behind the API's bearer check, fetched as a blob. */
export function AuthImage({
  src,
  alt,
  className,
}: {
  src: string;
  alt: string;
  className?: string;
}) {
  const { t } = useTranslation();
  // The outcome is stored with its `src`, so a new `src` reads as loading without a reset.
  const [loaded, setLoaded] = useState<{ src: string; url?: string }>();
  useEffect(() => {
    const abort = new AbortController();
    let objectUrl: string | undefined;
    fetchBlob(src, abort.signal).then(
      (blob) => {
        objectUrl = URL.createObjectURL(blob);
        setLoaded({ src, url: objectUrl });
      },
      () => {
        if (!abort.signal.aborted) setLoaded({ src });
      },
    );
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [src]);
  const current = loaded?.src === src ? loaded : undefined;
  const url = current?.url;
  if (current && !url)
    return <div className={`image-placeholder ${className ?? ''}`}>{t('app.noPreview')}</div>;
  if (!url) return <div className={`image-placeholder ${className ?? ''}`} aria-busy="true" />;
  return <img src={url} alt={alt} className={className} />;
}

export function Kpi({
  label,
  value,
  full,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  /** The exact figure when `value` is abbreviated ("1.2M"), shown on hover. */
  full?: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value" title={full}>
        {value}
      </strong>
      {hint ? <span className="kpi-hint muted">{hint}</span> : null}
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice notice-success" role="status">
      {children}
    </p>
  );
}

/** Today and n days before, as ISO dates (UTC, like the API). */
export function isoDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
