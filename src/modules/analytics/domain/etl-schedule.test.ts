import { describe, expect, it } from 'vitest';
import { etlSlot, nextSlotStart } from './etl-schedule.js';

describe('the 11-minute ETL period', () => {
  it('is 11 minutes across the hour, where */11 would run at :55 and again at :00', () => {
    const starts: string[] = [];
    let at = new Date('2026-12-07T09:40:00Z');
    for (let minute = 0; minute < 40; minute += 1) {
      const next = new Date(at.getTime() + 60_000);
      if (etlSlot(next) !== etlSlot(at)) starts.push(next.toISOString().slice(11, 16));
      at = next;
    }
    const minutes = starts.map((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
    for (let i = 1; i < minutes.length; i += 1) expect(minutes[i]! - minutes[i - 1]!).toBe(11);
    expect(starts.length).toBeGreaterThanOrEqual(3);
  });

  it('names when the next period starts', () => {
    const at = new Date('2026-12-07T10:00:30Z');
    const next = nextSlotStart(at);
    expect(etlSlot(next)).toBe(etlSlot(at) + 1);
    expect(next.getTime() % 660_000).toBe(0);
  });
});
