/** Pure rules of a deal's life: open deals move between stages; a closing stage wins or loses it. */

export type DealStatus = 'open' | 'won' | 'lost';
export type StageKind = 'open' | 'won' | 'lost';

export interface StageRef {
  id: string;
  kind: StageKind;
}

export type DealMove =
  | { ok: true; status: DealStatus }
  | { ok: false; reason: 'closed' | 'same_stage' | 'reason_required' };

/**
 * Moving a deal to `target`: only open deals move; a won stage wins it, a lost stage loses it
 * (which needs a reason). Reopening a closed deal is not a move.
 */
export function moveDeal(
  current: { status: DealStatus; stageId: string },
  target: StageRef,
  lostReason?: string,
): DealMove {
  if (current.status !== 'open') return { ok: false, reason: 'closed' };
  if (current.stageId === target.id) return { ok: false, reason: 'same_stage' };
  if (target.kind === 'lost' && !lostReason?.trim())
    return { ok: false, reason: 'reason_required' };
  return { ok: true, status: target.kind };
}

export interface StageTemplate {
  name: string;
  probability: number;
  kind: StageKind;
}

/** The pipeline every organisation starts with. */
export const defaultStages: readonly StageTemplate[] = [
  { name: 'New', probability: 10, kind: 'open' },
  { name: 'Qualified', probability: 25, kind: 'open' },
  { name: 'Proposal', probability: 50, kind: 'open' },
  { name: 'Negotiation', probability: 75, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
];

/** A custom pipeline's open stages, closed by the Won and Lost stages every pipeline has. */
export function pipelineStages(open: { name: string; probability: number }[]): StageTemplate[] {
  return [
    ...open.map((stage) => ({ ...stage, kind: 'open' as const })),
    { name: 'Won', probability: 100, kind: 'won' },
    { name: 'Lost', probability: 0, kind: 'lost' },
  ];
}

/** Total of the products' lines, in minor units. */
export function productsTotal(products: { quantity: number; unitPriceMinor: number }[]): number {
  return products.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
}
