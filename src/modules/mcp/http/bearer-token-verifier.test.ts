import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Authenticator } from '../../../platform/http/authentication.js';
import { bearerTokenVerifier } from './bearer-token-verifier.js';

const authenticator: Authenticator = async (request) => {
  const header = request.headers.authorization;
  if (!header) return null;
  if (header !== 'Bearer right') throw new AppError('unauthenticated', 'The token has expired');
  return {
    principalId: 'client:c1',
    orgId: 'org-1',
    userId: null,
    clientId: 'c1',
    roles: [],
    scopes: ['ads:read'],
    permissions: new Set(['ads:read']),
  };
};

describe('verifying a bearer token outside HTTP', () => {
  const verify = bearerTokenVerifier(authenticator);

  it('returns the AuthContext the authenticator gives for the token', async () => {
    const auth = await verify('right');
    expect(auth).toMatchObject({ principalId: 'client:c1', orgId: 'org-1', clientId: 'c1' });
    expect(auth.permissions).toEqual(new Set(['ads:read']));
  });

  it('rejects a token the authenticator refuses, with its message', async () => {
    await expect(verify('wrong')).rejects.toThrow('The token has expired');
  });
});
