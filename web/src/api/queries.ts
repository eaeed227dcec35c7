import {
  QueryClient,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { type ApiError, asApiError, send, type Page } from './client';
import { currentSession, subscribeSession } from './session';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not change by asking again; a network blip might.
      retry: (count, error) => error.problem.status === 0 && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// What one person saw is not shown to the next one signing in in this tab.
subscribeSession(() => {
  if (!currentSession()) queryClient.clear();
});

/**
 * The cache key of a GET path: its segments, then its query string, so invalidating
 * `/api/v1/strategies` also refreshes `/api/v1/strategies/<id>` and every filtered list.
 */
export function apiKey(path: string): QueryKey {
  const [pathname = '', search = ''] = path.split('?');
  return [...pathname.split('/').filter(Boolean), ...(search ? [search] : [])];
}

async function get<T>(path: string, signal: AbortSignal): Promise<T> {
  try {
    return await send<T>('GET', path, undefined, { signal });
  } catch (failure) {
    throw asApiError(failure);
  }
}

/** A GET resource in the query cache; `null` waits (e.g. for an id). */
export function useApiQuery<T>(path: string | null, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: path === null ? ['idle'] : apiKey(path),
    queryFn: ({ signal }) => get<T>(path ?? '', signal),
    enabled: path !== null,
    ...options,
  });
}

/** A cursor-paged list read page by page ("Show more"): `path` without `cursor`. */
export function useApiInfiniteList<Item>(path: string) {
  const query = useInfiniteQuery({
    queryKey: [...apiKey(path), 'pages'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      get<Page<Item>>(
        pageParam ? `${path}${path.includes('?') ? '&' : '?'}cursor=${pageParam}` : path,
        signal,
      ),
    getNextPageParam: (last) => (last.has_more ? last.next_cursor : null),
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.data) };
}

/** Marks the cached answers under these paths stale, so the screens showing them refetch. */
export function useInvalidate(): (...paths: string[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback(
    async (...paths: string[]) => {
      await Promise.all(paths.map((path) => client.invalidateQueries({ queryKey: apiKey(path) })));
    },
    [client],
  );
}

/** The session, re-rendering when it starts, renews or ends. */
export function useSession() {
  return useSyncExternalStore(subscribeSession, currentSession);
}
