/**
 * Proration of a mid-period change, the way Stripe prorates by default: the unused part of what
 * was paid is credited, the remaining part of the new price is charged, both by the second.
 * Amounts are minor units; each side is rounded to a whole minor unit, so the lines add up.
 */
export interface ProrationInput {
  /** What the current period costs on the old plan and seats. */
  oldAmount: number;
  /** What a whole period costs on the new plan and seats. */
  newAmount: number;
  periodStart: Date;
  periodEnd: Date;
  at: Date;
}

export interface Proration {
  /** The unused time on the old plan (≤ 0). */
  credit: number;
  /** The remaining time on the new plan (≥ 0). */
  charge: number;
  /** What is due now: positive on an upgrade, negative (a credit balance) on a downgrade. */
  net: number;
  /** The share of the period left, in [0, 1]. */
  remaining: number;
}

export function prorate(input: ProrationInput): Proration {
  const length = input.periodEnd.getTime() - input.periodStart.getTime();
  if (length <= 0) throw new RangeError('The period must end after it starts');
  const left = input.periodEnd.getTime() - input.at.getTime();
  const remaining = Math.min(1, Math.max(0, left / length));
  const credit = -Math.round(input.oldAmount * remaining);
  const charge = Math.round(input.newAmount * remaining);
  return { credit: credit === 0 ? 0 : credit, charge, net: charge + credit, remaining };
}
