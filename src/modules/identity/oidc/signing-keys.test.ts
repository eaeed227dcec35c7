import { describe, expect, it } from 'vitest';
import { planKeyRing, type KeyPolicy } from './signing-keys.js';

const hour = 3600_000;
const day = 24 * hour;
const policy: KeyPolicy = {
  rotateAfterMs: 30 * day,
  publishAheadMs: hour,
  maxTokenLifetimeMs: hour,
};
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const key = (name: string, created: number, activates = created) => ({
  name,
  createdAt: at(created),
  activatesAt: at(activates),
});

describe('signing key ring plan', () => {
  it('asks for a first key when there is none', () => {
    const plan = planKeyRing([], t0, policy);
    expect(plan.signing).toBeUndefined();
    expect(plan.rotationDue).toBe(true);
  });

  it('keeps signing with a young key and asks for rotation once it is old', () => {
    const k1 = key('k1', 0);
    expect(planKeyRing([k1], at(29 * day), policy)).toMatchObject({
      signing: k1,
      rotationDue: false,
    });
    expect(planKeyRing([k1], at(30 * day), policy).rotationDue).toBe(true);
  });

  it('publishes the next key before it signs, without asking for yet another', () => {
    const k1 = key('k1', 0);
    const k2 = key('k2', 30 * day, 30 * day + hour);
    const plan = planKeyRing([k1, k2], at(30 * day + 1000), policy);
    expect(plan.signing).toBe(k1);
    expect(plan.published).toEqual(expect.arrayContaining([k1, k2]));
    expect(plan.rotationDue).toBe(false);
  });

  it('keeps the previous key published while its tokens live, then retires it', () => {
    const k1 = key('k1', 0);
    const k2 = key('k2', 30 * day, 30 * day + hour);
    const justSwitched = planKeyRing([k1, k2], at(30 * day + hour + 1000), policy);
    expect(justSwitched.signing).toBe(k2);
    expect(justSwitched.published).toEqual([k2, k1]);
    expect(justSwitched.expired).toEqual([]);
    const later = planKeyRing([k1, k2], at(30 * day + 2 * hour + 1000), policy);
    expect(later.published).toEqual([k2]);
    expect(later.expired).toEqual([k1]);
  });
});
