import { describe, expect, it } from 'vitest';
import { moveDeal, pipelineStages, productsTotal } from './deal-state.js';

describe('deal state', () => {
  const open = { status: 'open' as const, stageId: 'a' };

  it('moves open deals and closes them on won or lost stages', () => {
    expect(moveDeal(open, { id: 'b', kind: 'open' })).toEqual({ ok: true, status: 'open' });
    expect(moveDeal(open, { id: 'w', kind: 'won' })).toEqual({ ok: true, status: 'won' });
    expect(moveDeal(open, { id: 'l', kind: 'lost' }, 'price')).toEqual({
      ok: true,
      status: 'lost',
    });
  });

  it('refuses moving closed deals, to the same stage, or losing without a reason', () => {
    expect(moveDeal({ status: 'won', stageId: 'w' }, { id: 'b', kind: 'open' })).toEqual({
      ok: false,
      reason: 'closed',
    });
    expect(moveDeal(open, { id: 'a', kind: 'open' })).toEqual({ ok: false, reason: 'same_stage' });
    expect(moveDeal(open, { id: 'l', kind: 'lost' }, '  ')).toEqual({
      ok: false,
      reason: 'reason_required',
    });
  });

  it('closes every pipeline with Won and Lost and totals product lines', () => {
    expect(pipelineStages([{ name: 'Demo', probability: 40 }]).map((s) => s.kind)).toEqual([
      'open',
      'won',
      'lost',
    ]);
    expect(
      productsTotal([
        { quantity: 2, unitPriceMinor: 450 },
        { quantity: 1, unitPriceMinor: 1000 },
      ]),
    ).toBe(1900);
  });
});
