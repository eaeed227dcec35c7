import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.js';
import type { AuthContext } from '../../../platform/http/auth-context.js';
import { resolveStdioCaller } from './stdio-caller.js';

const analyst: AuthContext = {
  principalId: 'user:u1',
  orgId: 'org-1',
  userId: 'u1',
  clientId: null,
  roles: ['analyst'],
  scopes: [],
  permissions: new Set(['crm:read']),
};

describe('the stdio caller', () => {
  it('is the principal of a token the authenticator accepts, re-verified on each request', async () => {
    let valid = true;
    const decision = await resolveStdioCaller({
      token: 'good',
      mode: 'production',
      verify: async (token) => {
        if (token !== 'good' || !valid) throw new AppError('unauthenticated', 'token expired');
        return analyst;
      },
    });
    if (!decision.ok) throw new Error(decision.problem);
    await expect(decision.caller()).resolves.toMatchObject({
      orgId: 'org-1',
      permissions: new Set(['crm:read']),
    });
    valid = false;
    await expect(decision.caller()).rejects.toThrow('token expired');
  });

  it('refuses a rejected token with the authenticator’s reason', async () => {
    const decision = await resolveStdioCaller({
      token: 'bad',
      mode: 'embedded',
      verify: async () => {
        throw new AppError('unauthenticated', 'signature invalid');
      },
    });
    expect(decision).toEqual({
      ok: false,
      problem: 'PROMPTSALES_API_TOKEN was rejected: signature invalid',
    });
  });

  it('refuses a token when no module can verify it, rather than ignoring it', async () => {
    const decision = await resolveStdioCaller({ token: 't', mode: 'embedded', verify: undefined });
    expect(decision.ok).toBe(false);
  });

  it('refuses to start without a token in production mode', async () => {
    const decision = await resolveStdioCaller({
      token: undefined,
      mode: 'production',
      verify: async () => analyst,
    });
    expect(decision).toMatchObject({ ok: false, problem: expect.stringContaining('required') });
  });

  it('serves the embedded local operator without a token, with no organisation and no permission', async () => {
    const decision = await resolveStdioCaller({
      token: undefined,
      mode: 'embedded',
      verify: async () => analyst,
    });
    if (!decision.ok) throw new Error(decision.problem);
    const caller = await decision.caller();
    expect(caller.orgId).toBeNull();
    expect(caller.permissions.size).toBe(0);
    expect(decision.notice).toContain('platform-level tools only');
  });
});
