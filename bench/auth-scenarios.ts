import type autocannon from 'autocannon';
import { benchItemCount } from './bench-module.js';
import type { Scenario } from './scenarios.js';
import { signUpBenchOwner } from './bench-api.js';

/**
 * What authentication costs on a read: the same cached route, once without credentials and
 * once with a bearer access token of the built-in issuer (a signed-up owner). The route is
 * public, but a presented token is still verified in full (signature, issuer, audience,
 * expiry, membership through the principal cache), so the difference is the resource server's
 * per-request cost. Both run in the same `npm run bench`, next to the node:http ceiling.
 */

function itemRequests(headers: Record<string, string>): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'GET',
      headers,
      setupRequest: (request) => {
        next = (next % benchItemCount) + 1;
        return { ...request, path: `/api/v1/bench/items/${next}` };
      },
    },
  ];
}

let bearer: string | undefined;

const unauthenticatedRead: Scenario = {
  name: 'read-unauthenticated',
  server: 'app',
  description: 'GET /api/v1/bench/items/:id (cached) without credentials',
  requests: () => itemRequests({}),
};

const authenticatedRead: Scenario = {
  name: 'read-authenticated',
  server: 'app',
  description: 'the same read with a bearer JWT (verify + membership check per request)',
  async prepare(url) {
    bearer ??= (await signUpBenchOwner(url, 'auth')).token;
  },
  requests() {
    if (!bearer) throw new Error('read-authenticated: prepare() did not run');
    return itemRequests({ authorization: `Bearer ${bearer}` });
  },
};

const trivialAuthenticatedRead: Scenario = {
  name: 'read-trivial-authenticated',
  server: 'app',
  description:
    'GET /api/v1/bench/caller: an authenticated route with no I/O of its own (the per-request cost)',
  async prepare(url) {
    bearer ??= (await signUpBenchOwner(url, 'auth')).token;
  },
  requests() {
    if (!bearer) throw new Error('read-trivial-authenticated: prepare() did not run');
    return [
      {
        method: 'GET',
        path: '/api/v1/bench/caller',
        headers: { authorization: `Bearer ${bearer}` },
      },
    ];
  },
};

export const authScenarios: readonly Scenario[] = [
  unauthenticatedRead,
  authenticatedRead,
  trivialAuthenticatedRead,
];
