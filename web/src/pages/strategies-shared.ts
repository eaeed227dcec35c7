import type { ApiItem } from '../api/resources';

/** A saved marketing strategy, as `GET /api/v1/strategies` returns it. */
export type Strategy = ApiItem<'/api/v1/strategies'>;

export const strategyIntents = ['leads', 'sales', 'awareness'] as const;
