import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { asApiError, readEventStream, send } from '../api/client';
import { useApiQuery } from '../api/queries';
import type { Page } from '../api/client';
import type { ApiResponse } from '../api/resources';
import type { Campaign } from './ads-shared';
import type { DateRange, Report } from './dashboard-report';

type Catalog = ApiResponse<'/api/v1/analytics/catalog'>;
export type CatalogMetric = Catalog['metrics'][number];

/**
 * A report query as the dashboard builds it: metric and dimension names as plain strings (the
 * catalogue, read at run time, says which exist), so it is looser than the generated body type.
 */
export interface Filter {
  dimension: string;
  operator?: 'in' | 'notIn';
  values: string[];
}

export interface ReportQuery {
  metrics: string[];
  dimensions?: string[];
  filters?: Filter[];
  dateRange: DateRange;
  compareDateRange?: DateRange;
  orderBy?: { field: string; direction: 'asc' | 'desc'; currency?: string }[];
  limit?: number;
}

/** Every analytics answer is cached under this prefix, so one invalidation refreshes them all. */
const analyticsKey = ['analytics', 'report'] as const;

/** The metrics the signed-in role may query (sales agents: CRM ones only), by name. */
export function useCatalog() {
  const catalog = useApiQuery<Catalog>('/api/v1/analytics/catalog');
  const allowed = new Map(
    (catalog.data?.metrics ?? []).filter((m) => m.allowed).map((m) => [m.name, m]),
  );
  return { ...catalog, allowed, maxRangeDays: catalog.data?.limits.max_range_days ?? 800 };
}

/** One report; `null` waits (the catalogue first, or a valid range). */
export function useReport(query: ReportQuery | null) {
  return useQuery({
    queryKey: [...analyticsKey, JSON.stringify(query)],
    queryFn: ({ signal }) =>
      send<Report>('POST', '/api/v1/analytics/query', query, { signal }).catch(
        (failure: unknown) => {
          // A network failure shows like the API's own problems.
          throw asApiError(failure);
        },
      ),
    enabled: query !== null,
    // A new range or filter keeps the figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

const reconnectAfterMs = 5_000;

/**
 * Live refresh: follows `GET /analytics/events` and refetches every report when the
 * organisation's data version moves (an ETL run, a lead, a won deal, a conversion). The stream
 * is reopened after a pause when it ends or fails. Answers whether it is connected.
 */
export function useLiveRefresh(): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seen: number | undefined;
    const connect = () => {
      readEventStream(
        '/api/v1/analytics/events',
        (event) => {
          if (event.event !== 'data-version') return;
          setLive(true);
          const { dataVersion } = JSON.parse(event.data) as { dataVersion: number };
          if (seen !== undefined && dataVersion !== seen)
            void client.invalidateQueries({ queryKey: analyticsKey });
          seen = dataVersion;
        },
        abort.signal,
      )
        .catch(() => undefined)
        .finally(() => {
          if (abort.signal.aborted) return;
          setLive(false);
          timer = setTimeout(connect, reconnectAfterMs);
        });
    };
    connect();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [client]);
  return live;
}

/**
 * Names for the campaign ids a report shows: the first page of campaigns, then each id that
 * page did not have on its own (only ids the analytics store knows, so each exists).
 */
export function useCampaignNames(ids: readonly string[], enabled: boolean) {
  const list = useApiQuery<Page<Campaign>>(enabled ? '/api/v1/campaigns?limit=100' : null);
  const known = new Map((list.data?.data ?? []).map((c) => [c.id, c.name]));
  const missing = list.data ? [...new Set(ids)].filter((id) => id && !known.has(id)) : [];
  const single = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['api', 'v1', 'campaigns', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        send<Campaign>('GET', `/api/v1/campaigns/${id}`, undefined, { signal }),
      staleTime: 300_000,
    })),
  });
  for (const answer of single) if (answer.data) known.set(answer.data.id, answer.data.name);
  return known;
}

/** Titles of the content assets a report shows (each fetched once and kept). */
export function useAssetTitles(ids: readonly string[], enabled: boolean) {
  const answers = useQueries({
    queries: (enabled ? [...new Set(ids)].filter(Boolean) : []).map((id) => ({
      queryKey: ['api', 'v1', 'assets', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        send<{ id: string; title: string }>('GET', `/api/v1/assets/${id}`, undefined, { signal }),
      staleTime: 300_000,
    })),
  });
  return new Map(
    answers.flatMap((answer) => (answer.data ? [[answer.data.id, answer.data.title]] : [])),
  );
}
