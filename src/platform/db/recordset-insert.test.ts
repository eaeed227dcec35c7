import { PgDialect, pgSchema, text, uuid, jsonb, bigint } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { recordsetInsert } from './recordset-insert.js';

const table = pgSchema('shop').table('orders', {
  orgId: uuid().notNull(),
  totalMinor: bigint({ mode: 'number' }).notNull(),
  tags: text().array().notNull(),
  lines: jsonb().$type<{ sku: string }[]>().notNull(),
  note: text('remark'),
});
type Order = typeof table.$inferSelect;

const dialect = new PgDialect({ casing: 'snake_case' });

describe('recordsetInsert', () => {
  it('sends a batch as one JSON parameter read by jsonb_to_recordset with each column type', () => {
    const insert = recordsetInsert<Order>(table);
    const orders: Order[] = [
      { orgId: 'a', totalMinor: 1500, tags: ['x'], lines: [{ sku: 'A-1' }], note: null },
      { orgId: 'b', totalMinor: 99, tags: [], lines: [], note: 'gift' },
    ];
    const query = dialect.sqlToQuery(insert(orders));
    expect(query.sql).toBe(
      'insert into "shop"."orders" ("org_id", "total_minor", "tags", "lines", "remark") ' +
        'select r."orgId", r."totalMinor", r."tags", r."lines", r."note" ' +
        'from jsonb_to_recordset($1::jsonb) as r("orgId" uuid, "totalMinor" bigint, "tags" text[], "lines" jsonb, "note" text)',
    );
    expect(query.params).toEqual([JSON.stringify(orders)]);
  });

  it('takes only the columns named, in their order', () => {
    const insert = recordsetInsert<Order>(table, ['note', 'orgId']);
    const query = dialect.sqlToQuery(
      insert([{ orgId: 'a', totalMinor: 1, tags: [], lines: [], note: 'n' }]),
    );
    expect(query.sql).toContain('("remark", "org_id") select r."note", r."orgId"');
    expect(query.params).toEqual([JSON.stringify([{ note: 'n', orgId: 'a' }])]);
  });

  it('refuses a column the table does not have', () => {
    expect(() => recordsetInsert<Order & { missing: string }>(table, ['missing'])).toThrow(
      /missing is not a column/,
    );
  });
});
