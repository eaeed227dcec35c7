import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-required': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled input for react-hook-form (`{...register('email')}` spreads into it): its error
 * and hint are linked by aria-describedby, and a required field says so beside its label.
 */
export function FormField({
  label,
  error,
  hint,
  required,
  children,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> & {
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** A select or textarea instead of the input, given the ids that link it to its texts. */
  children?: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  const control: ControlProps = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      {children ? children(control) : <input {...control} {...input} />}
      {hint ? (
        <small id={hintId} className="muted">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={errorId} className="field-error">
          {error}
        </small>
      ) : null}
    </div>
  );
}

export function RequiredMark() {
  const { t } = useTranslation();
  return (
    <span className="required" title={t('app.required')}>
      {' '}
      *<span className="visually-hidden"> ({t('app.required')})</span>
    </span>
  );
}
