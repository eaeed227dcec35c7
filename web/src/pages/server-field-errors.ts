import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ApiError } from '../api/client';

/**
 * Puts the API's field errors beside the form's fields. `fields` maps an API field (or its
 * prefix: `audiences.0.name`, `budget`) to the form's; returns true when any landed, so the
 * form shows a general notice only for the rest.
 */
export function applyServerErrors<Form extends FieldValues>(
  error: ApiError,
  setError: UseFormSetError<Form>,
  fields: Record<string, Path<Form>>,
): boolean {
  let placed = false;
  for (const [apiField, message] of Object.entries(error.fieldErrors())) {
    const match = Object.keys(fields)
      .sort((a, b) => b.length - a.length)
      .find((name) => apiField === name || apiField.startsWith(`${name}.`));
    if (!match) continue;
    setError(fields[match]!, { message });
    placed = true;
  }
  return placed;
}
