export interface VariantResult {
  variant: string;
  /** Trials, e.g. impressions or clicks. */
  trials: number;
  /** Successes, e.g. clicks or conversions. */
  successes: number;
}

export interface AbTestOutcome {
  rateA: number;
  rateB: number;
  z: number;
  /** Two-sided p-value of "the rates are equal". */
  pValue: number;
  significant: boolean;
  /** The better variant, only when the difference is significant at `alpha`. */
  winner: string | null;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf approximation, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const erf =
    1 -
    t *
      (0.254829592 +
        t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test with a pooled proportion: a winner is declared only when the two-sided
 * p-value is below `alpha` and each variant has enough trials for the normal approximation.
 */
export function compareVariants(
  a: VariantResult,
  b: VariantResult,
  alpha = 0.05,
  minimumTrials = 30,
): AbTestOutcome {
  const rateA = a.trials > 0 ? a.successes / a.trials : 0;
  const rateB = b.trials > 0 ? b.successes / b.trials : 0;
  const pooled = (a.successes + b.successes) / Math.max(1, a.trials + b.trials);
  const standardError = Math.sqrt(
    pooled * (1 - pooled) * (1 / Math.max(1, a.trials) + 1 / Math.max(1, b.trials)),
  );
  const z = standardError > 0 ? (rateA - rateB) / standardError : 0;
  const pValue = standardError > 0 ? 2 * (1 - normalCdf(Math.abs(z))) : 1;
  const enough = a.trials >= minimumTrials && b.trials >= minimumTrials;
  const significant = enough && pValue < alpha;
  return {
    rateA,
    rateB,
    z,
    pValue,
    significant,
    winner: significant ? (rateA > rateB ? a.variant : b.variant) : null,
  };
}
