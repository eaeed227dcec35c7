import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../infrastructure/audit-log.repository.js';
import { AuditWriter } from './audit-writer.js';

const entry = (n: number): AuditEntry => ({
  orgId: '00000000-0000-7000-8000-000000000001',
  id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  occurredAt: new Date(0).toISOString(),
  actor: 'user:x',
  action: 'test',
  method: 'POST',
  route: '/api/v1/x',
  status: 200,
  requestId: `r${n}`,
});

const quietLog = { error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit writer', () => {
  it('batches entries recorded within the interval into one write', async () => {
    const batches: number[] = [];
    const writer = new AuditWriter(async (e) => void batches.push(e.length), quietLog, {
      flushIntervalMs: 20,
      maxBatch: 500,
      maxBuffered: 1000,
    });
    for (let i = 0; i < 3; i += 1) writer.record(entry(i));
    expect(batches).toEqual([]);
    await sleep(60);
    expect(batches).toEqual([3]);
  });

  it('writes at once when a batch is full, and everything left on flush', async () => {
    const batches: number[] = [];
    const writer = new AuditWriter(async (e) => void batches.push(e.length), quietLog, {
      flushIntervalMs: 10_000,
      maxBatch: 4,
      maxBuffered: 1000,
    });
    for (let i = 0; i < 6; i += 1) writer.record(entry(i));
    await writer.flush();
    expect(batches).toEqual([4, 2]);
  });

  it('keeps entries whose write failed and writes them on the next flush', async () => {
    let fail = true;
    const written: string[] = [];
    const writer = new AuditWriter(
      async (e) => {
        if (fail) throw new Error('database down');
        written.push(...e.map((x) => x.requestId));
      },
      quietLog,
      { flushIntervalMs: 10_000, maxBatch: 10, maxBuffered: 1000 },
    );
    writer.record(entry(1));
    writer.record(entry(2));
    await writer.flush();
    expect(written).toEqual([]);
    fail = false;
    writer.record(entry(3));
    await writer.flush();
    expect(written).toEqual(['r1', 'r2', 'r3']);
  });
});
