import type { Audience } from './audience-fields';

/** A saved marketing strategy, as `GET /api/v1/strategies` returns it. */
export interface Strategy {
  id: string;
  name: string;
  client_company: string;
  products: string[];
  messages: string[];
  audiences: Audience[];
  intent: string;
  countries: string[];
  channels: string[];
  budget: { amount: number; currency: string } | null;
  starts_at: string | null;
  ends_at: string | null;
  created_at: string;
  updated_at: string;
}

export const strategyIntents = ['leads', 'sales', 'awareness'] as const;
