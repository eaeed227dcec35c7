/**
 * Logistic regression fitted in process: features standardised (mean 0, sd 1, so one L2 penalty
 * treats them alike and the coefficients compare), batch gradient descent with L2 on the weights
 * (not the intercept). Small data (an organisation's won/lost deals) fits in milliseconds.
 */

export interface LabelledExample {
  features: number[];
  /** 1 = won, 0 = lost. */
  label: 0 | 1;
}

export interface LogisticModel {
  featureNames: string[];
  means: number[];
  scales: number[];
  weights: number[];
  intercept: number;
}

export interface FitOptions {
  l2?: number;
  learningRate?: number;
  iterations?: number;
}

export interface Contribution {
  feature: string;
  /** The feature's value as given (before standardising). */
  value: number;
  /** weight × standardised value: its push on the log-odds, up (+) or down (−). */
  contribution: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fitLogistic(
  featureNames: string[],
  examples: readonly LabelledExample[],
  options: FitOptions = {},
): LogisticModel {
  const { l2 = 0.01, learningRate = 0.5, iterations = 600 } = options;
  const width = featureNames.length;
  const count = examples.length;
  if (count === 0) throw new Error('Cannot fit a model without examples');
  const means = new Array<number>(width).fill(0);
  const scales = new Array<number>(width).fill(0);
  for (const example of examples)
    for (let j = 0; j < width; j += 1) means[j]! += example.features[j]!;
  for (let j = 0; j < width; j += 1) means[j] = means[j]! / count;
  for (const example of examples)
    for (let j = 0; j < width; j += 1) scales[j]! += (example.features[j]! - means[j]!) ** 2;
  // A feature that never varies in the history (every buyer got the follow-up call) says nothing
  // about the outcome. Its rounding-noise spread (1e-17) once became the scale, and a contact
  // without the feature then pushed the log-odds by 10^12: such a feature gets no weight.
  const varies = scales.map(
    (sum, j) => Math.sqrt(sum / count) > 1e-9 * Math.max(1, Math.abs(means[j]!)),
  );
  for (let j = 0; j < width; j += 1) scales[j] = varies[j] ? Math.sqrt(scales[j]! / count) : 1;

  const rows = examples.map((example) =>
    example.features.map((value, j) => (varies[j] ? (value - means[j]!) / scales[j]! : 0)),
  );
  const weights = new Array<number>(width).fill(0);
  let intercept = 0;
  const gradient = new Array<number>(width);
  for (let step = 0; step < iterations; step += 1) {
    gradient.fill(0);
    let interceptGradient = 0;
    for (let i = 0; i < count; i += 1) {
      const row = rows[i]!;
      let z = intercept;
      for (let j = 0; j < width; j += 1) z += weights[j]! * row[j]!;
      const error = sigmoid(z) - examples[i]!.label;
      interceptGradient += error;
      for (let j = 0; j < width; j += 1) gradient[j]! += error * row[j]!;
    }
    intercept -= (learningRate * interceptGradient) / count;
    for (let j = 0; j < width; j += 1)
      weights[j]! -= learningRate * (gradient[j]! / count + l2 * weights[j]!);
  }
  return { featureNames: [...featureNames], means, scales, weights, intercept };
}

/**
 * Probability of the positive class, and each feature's contribution to the log-odds measured
 * from a contact with every feature at zero (the baseline folds the means into the intercept), so
 * a feature the contact does not have contributes nothing and the explanation reads "what this
 * person did or is", not "how far from the average buyer".
 */
export function predict(
  model: LogisticModel,
  features: readonly number[],
): { probability: number; contributions: Contribution[] } {
  let z = model.intercept;
  const contributions = model.featureNames.map((feature, j) => {
    const value = features[j] ?? 0;
    const perUnit = model.weights[j]! / model.scales[j]!;
    z -= perUnit * model.means[j]!;
    // Not perUnit × 0: a negative weight would report −0.
    const contribution = value === 0 ? 0 : perUnit * value;
    z += contribution;
    return { feature, value, contribution };
  });
  return { probability: sigmoid(z), contributions };
}

/** The strongest pushes either way, largest magnitude first. */
export function topFactors(contributions: readonly Contribution[], count = 5): Contribution[] {
  return [...contributions]
    .filter((item) => item.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, count);
}

/** Area under the ROC curve (the chance a random positive outranks a random negative). */
export function areaUnderCurve(scored: readonly { probability: number; label: 0 | 1 }[]): number {
  const positives = scored.filter((item) => item.label === 1).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Rank-sum (Mann–Whitney U) with average ranks for ties.
  const sorted = [...scored].sort((a, b) => a.probability - b.probability);
  let rankSum = 0;
  let index = 0;
  while (index < sorted.length) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1]!.probability === sorted[index]!.probability)
      end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let k = index; k <= end; k += 1) if (sorted[k]!.label === 1) rankSum += averageRank;
    index = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function accuracy(scored: readonly { probability: number; label: 0 | 1 }[]): number {
  if (scored.length === 0) return Number.NaN;
  const right = scored.filter((item) => (item.probability >= 0.5 ? 1 : 0) === item.label).length;
  return right / scored.length;
}

/**
 * A stable train/holdout split by key (e.g. the contact id): the same contact stays on the same
 * side across refits, so the holdout metric compares like with like.
 */
export function inHoldout(key: string, fraction = 0.25): boolean {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV-1a alone leaves the high bits nearly unchanged for keys that differ only at the end
  // (sequential ids); MurmurHash3's finaliser spreads every input bit over the whole word.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000 < fraction;
}
