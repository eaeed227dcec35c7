import { describe, expect, it } from 'vitest';
import { features, findPlan, plans, upgradePathForFeature } from './catalogue.js';

const plan = (id: string) => findPlan(id)!;

describe('feature upgrade paths', () => {
  it('names the cheapest plan of another product when the feature belongs to it', () => {
    expect(upgradePathForFeature(plan('promptads-starter'), 'crm_automations')?.id).toBe(
      'promptcrm-starter',
    );
    expect(upgradePathForFeature(plan('promptads-growth'), 'content_generation')?.id).toBe(
      'promptcontent-starter',
    );
    expect(upgradePathForFeature(plan('promptcrm-starter'), 'ad_campaigns')?.id).toBe(
      'promptads-starter',
    );
  });

  it('prefers a higher tier of the same product for the enterprise features', () => {
    expect(upgradePathForFeature(plan('promptads-starter'), 'sso')?.id).toBe(
      'promptads-enterprise',
    );
    expect(upgradePathForFeature(plan('promptsales-growth'), 'priority_support')?.id).toBe(
      'promptsales-enterprise',
    );
  });

  it('finds a plan for every feature, and the bundle has every product feature', () => {
    for (const feature of features)
      expect(upgradePathForFeature(plan('promptads-starter'), feature)).toBeDefined();
    const bundle = plans.filter((candidate) => candidate.product === 'promptsales');
    const productFeatures = features.filter((f) => f !== 'sso' && f !== 'priority_support');
    for (const candidate of bundle)
      expect(candidate.features).toEqual(expect.arrayContaining(productFeatures));
  });
});
