import { useTranslation } from 'react-i18next';

/**
 * A column header that orders a server-sorted list: `sort` is the list's `sort` parameter
 * (`field` ascending, `-field` descending). The header says its order through aria-sort; a
 * click on an unsorted column starts in its natural direction (newest or highest first for
 * dates and numbers), a second click reverses it.
 */
export function SortHeader({
  label,
  field,
  sort,
  onSort,
  descendingFirst = true,
  className,
}: {
  label: string;
  field: string;
  sort: string;
  onSort: (sort: string) => void;
  descendingFirst?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const order = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const next =
    order === 'ascending'
      ? `-${field}`
      : order === 'descending'
        ? field
        : descendingFirst
          ? `-${field}`
          : field;
  return (
    <th aria-sort={order} className={className}>
      <button
        type="button"
        className="sort-button"
        title={t('lists.sortBy', { column: label })}
        onClick={() => onSort(next)}
      >
        {label}
        <span aria-hidden="true" className="sort-mark">
          {order === 'ascending' ? '▲' : order === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}
