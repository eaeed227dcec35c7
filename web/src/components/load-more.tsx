import { useTranslation } from 'react-i18next';

/** The "Load more" button under an infinite list (TanStack Query's fetchNextPage). */
export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  shown,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  /** How many rows are on screen, said beside the button. */
  shown: number;
}) {
  const { t } = useTranslation();
  if (!hasNextPage) return null;
  return (
    <div className="load-more">
      <span className="muted small">{t('lists.shown', { count: shown })}</span>
      <button
        type="button"
        className="secondary"
        disabled={isFetchingNextPage}
        aria-busy={isFetchingNextPage || undefined}
        onClick={() => void fetchNextPage()}
      >
        {isFetchingNextPage ? t('app.loading') : t('lists.loadMore')}
      </button>
    </div>
  );
}
