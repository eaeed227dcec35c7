import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

export function Card({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card">
      <header className="card-header">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function ErrorNotice({ error }: { error: ApiError | null | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {error.problem.detail}
      {error.problem.request_id ? (
        <span className="muted"> ({t('app.requestId', { id: error.problem.request_id })})</span>
      ) : null}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" aria-busy="true">
      {t('app.loading')}
    </p>
  );
}

export function Field({
  label,
  name,
  type = 'text',
  value,
  onChange,
  error,
  autoComplete,
}: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  autoComplete?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? <small className="field-error">{error}</small> : null}
    </label>
  );
}
