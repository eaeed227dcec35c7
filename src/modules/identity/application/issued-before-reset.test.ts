import { describe, expect, it } from 'vitest';
import { issuedBeforeReset, type MembershipState } from './principal-cache.js';

const resetAt = Date.parse('2026-12-07T10:00:00.400Z');
const state: MembershipState = { found: true, roles: ['owner'], sessionsRevokedAtMs: resetAt };

describe('issuedBeforeReset', () => {
  it('keeps every token when the password was never reset', () => {
    expect(issuedBeforeReset({ ...state, sessionsRevokedAtMs: null }, { iat: 1 })).toBe(false);
  });

  it('tells tokens of the same second apart by their millisecond issue time', () => {
    const second = Math.floor(resetAt / 1000);
    expect(issuedBeforeReset(state, { iat: second, iatMs: resetAt - 100 })).toBe(true);
    expect(issuedBeforeReset(state, { iat: second, iatMs: resetAt + 100 })).toBe(false);
  });

  it("voids a whole-second token issued in the reset's second, and keeps later ones", () => {
    const second = Math.floor(resetAt / 1000);
    expect(issuedBeforeReset(state, { iat: second - 1 })).toBe(true);
    expect(issuedBeforeReset(state, { iat: second })).toBe(true);
    expect(issuedBeforeReset(state, { iat: second + 1 })).toBe(false);
    expect(issuedBeforeReset(state, {})).toBe(true);
  });
});
