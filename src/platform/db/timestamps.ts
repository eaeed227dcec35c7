import { timestamp } from 'drizzle-orm/pg-core';

/** `created_at` and `updated_at` as most tables keep them (timestamptz, ISO strings in code). */
export const timestamps = {
  createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};
