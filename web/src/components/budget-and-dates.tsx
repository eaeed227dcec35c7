import { Field } from './ui';

/** An amount in major units and its ISO currency, as campaign and strategy forms ask for them. */
export function BudgetFields({
  label,
  amount,
  currency,
  onAmount,
  onCurrency,
  error,
}: {
  label: string;
  amount: string;
  currency: string;
  onAmount: (value: string) => void;
  onCurrency: (value: string) => void;
  error?: string;
}) {
  return (
    <>
      <Field
        label={label}
        name="budget"
        type="number"
        value={amount}
        onChange={onAmount}
        error={error}
      />
      <Field label="Currency" name="currency" value={currency} onChange={onCurrency} />
    </>
  );
}

/** A start and an end day; `names` are the API's fields, so server errors land beside them. */
export function DateRangeFields({
  names,
  start,
  end,
  onStart,
  onEnd,
  fieldError,
  optional = false,
}: {
  names: readonly [start: string, end: string];
  start: string;
  end: string;
  onStart: (value: string) => void;
  onEnd: (value: string) => void;
  fieldError: (field: string) => string | undefined;
  optional?: boolean;
}) {
  const suffix = optional ? ' (optional)' : '';
  return (
    <>
      <Field
        label={`Starts${suffix}`}
        name={names[0]}
        type="date"
        value={start}
        onChange={onStart}
        error={fieldError(names[0])}
      />
      <Field
        label={`Ends${suffix}`}
        name={names[1]}
        type="date"
        value={end}
        onChange={onEnd}
        error={fieldError(names[1])}
      />
    </>
  );
}
