import { describe, expect, it } from 'vitest';
import { featureNames, featureVector, recency, ruleScore } from './scoring-features.js';
import {
  accuracy,
  areaUnderCurve,
  fitLogistic,
  inHoldout,
  predict,
  topFactors,
  type LabelledExample,
} from './scoring-model.js';

/** A deterministic pseudo-random sequence, so the test data is the same every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

describe('logistic regression', () => {
  const next = random(7);
  // Won deals have more conversions; country is noise.
  const examples: LabelledExample[] = Array.from({ length: 400 }, () => {
    const conversions = next() * 4;
    const country = next() < 0.5 ? 1 : 0;
    const odds = -2 + 1.5 * conversions;
    const label = next() < 1 / (1 + Math.exp(-odds)) ? 1 : 0;
    return { features: [conversions, country], label };
  });

  it('learns the direction and relative size of each feature', () => {
    const model = fitLogistic(['conversions', 'country'], examples);
    expect(model.weights[0]).toBeGreaterThan(1);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(0.3);
    const high = predict(model, [4, 0]).probability;
    const low = predict(model, [0, 0]).probability;
    expect(high).toBeGreaterThan(0.8);
    expect(low).toBeLessThan(0.25);
    expect(high - low).toBeGreaterThan(0.6);
    const scored = examples.map((example) => ({
      probability: predict(model, example.features).probability,
      label: example.label,
    }));
    expect(areaUnderCurve(scored)).toBeGreaterThan(0.8);
    expect(accuracy(scored)).toBeGreaterThan(0.7);
  });

  it('shrinks weights with a stronger L2 penalty', () => {
    const loose = fitLogistic(['conversions', 'country'], examples, { l2: 0.001 });
    const tight = fitLogistic(['conversions', 'country'], examples, { l2: 1 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
  });

  it('explains a prediction by its largest contributions, either sign', () => {
    const model = fitLogistic(['conversions', 'country'], examples);
    const { contributions } = predict(model, [4, 1]);
    const [first] = topFactors(contributions, 1);
    expect(first?.feature).toBe('conversions');
    expect(first?.contribution).toBeGreaterThan(0);
  });

  it('computes AUC with ties and keeps the holdout split stable', () => {
    expect(
      areaUnderCurve([
        { probability: 0.9, label: 1 },
        { probability: 0.5, label: 1 },
        { probability: 0.5, label: 0 },
        { probability: 0.1, label: 0 },
      ]),
    ).toBeCloseTo(0.875, 6);
    expect(Number.isNaN(areaUnderCurve([{ probability: 0.4, label: 1 }]))).toBe(true);
    const keys = Array.from({ length: 2000 }, (_, index) => `contact-${index}`);
    const share = keys.filter((key) => inHoldout(key)).length / keys.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    expect(keys.map((key) => inHoldout(key))).toEqual(keys.map((key) => inHoldout(key)));
  });

  it('gives no weight to a feature that never varies, however its mean rounds', () => {
    // log1p(1) summed 137 times does not divide back to log1p(1) exactly.
    const constant = examples.slice(0, 137).map((example) => ({
      ...example,
      features: [example.features[0]!, Math.log1p(1)],
    }));
    const model = fitLogistic(['conversions', 'follow_up_call'], constant);
    expect(model.weights[1]).toBe(0);
    const { contributions } = predict(model, [2, 0]);
    for (const item of contributions) expect(Number.isFinite(item.contribution)).toBe(true);
    expect(contributions[1]!.contribution).toBe(0);
  });

  it('explains from a zero baseline: a feature at zero contributes nothing', () => {
    const model = fitLogistic(['conversions', 'country'], examples);
    const { probability, contributions } = predict(model, [0, 0]);
    expect(contributions.map((item) => item.contribution)).toEqual([0, 0]);
    expect(topFactors(contributions)).toEqual([]);
    // The baseline moves the explanation, not the prediction.
    const z =
      model.intercept -
      model.weights.reduce(
        (sum, weight, j) => sum + (weight * model.means[j]!) / model.scales[j]!,
        0,
      );
    expect(probability).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
  });

  it('holds out a quarter of ids that differ only in their last digits', () => {
    const ids = Array.from(
      { length: 160 },
      (_, n) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    );
    const share = ids.filter((id) => inHoldout(id)).length / ids.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
  });
});

describe('scoring features and the rule score', () => {
  const quiet = {
    countryMatch: false,
    ageMatch: false,
    companySizeMatch: false,
    budgetMatch: false,
    interestOverlap: 0,
    interactions: {},
    daysSinceLastInteraction: null,
    clicks: 0,
    conversions: 0,
    formSubmissions: 0,
  };

  it('has one value per named feature and decays recency by half every 30 days', () => {
    expect(featureVector(quiet)).toHaveLength(featureNames.length);
    expect(recency(0)).toBe(1);
    expect(recency(30)).toBeCloseTo(0.5, 6);
    expect(recency(null)).toBe(0);
  });

  it('scores an engaged, fitting contact well above a quiet one, within 0..100', () => {
    const engaged = featureVector({
      ...quiet,
      countryMatch: true,
      ageMatch: true,
      interestOverlap: 1,
      interactions: { whatsapp: { inbound: 4, outbound: 2 }, email: { inbound: 1, outbound: 3 } },
      daysSinceLastInteraction: 1,
      clicks: 5,
      conversions: 3,
      formSubmissions: 1,
    });
    const high = ruleScore(engaged);
    expect(ruleScore(featureVector(quiet)).score).toBe(0);
    expect(high.score).toBeGreaterThan(60);
    expect(high.score).toBeLessThanOrEqual(100);
    expect(topFactors(high.contributions, 1)[0]?.feature).toBe('engagement.conversions');
  });
});
