import { useId } from 'react';
import { RequiredMark } from './form-field';

/**
 * Several choices out of a known set (channels, countries) as a group of checkboxes instead of
 * a comma-separated text field; `value` keeps the options' order. Values outside the options
 * (saved through the API) stay listed so they are not lost on save.
 */
export function ChoiceGroup({
  legend,
  options,
  value,
  onChange,
  error,
  required,
}: {
  legend: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  error?: string;
  required?: boolean;
}) {
  const errorId = useId();
  const known = new Set(options.map((option) => option.value));
  const all = [
    ...options,
    ...value.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v })),
  ];
  const toggle = (choice: string, on: boolean) =>
    onChange(all.map((o) => o.value).filter((v) => (v === choice ? on : value.includes(v))));
  return (
    <fieldset
      className="field choice-group"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>
        {legend}
        {required ? <RequiredMark /> : null}
      </legend>
      <div className="choices">
        {all.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="checkbox"
              value={option.value}
              checked={value.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
            />{' '}
            {option.label}
          </label>
        ))}
      </div>
      {error ? (
        <small id={errorId} className="field-error">
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}
