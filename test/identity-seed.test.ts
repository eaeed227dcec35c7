import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword, identityModule } from '../src/modules/identity/index.js';
import { apiClient, json, type Page } from './support/http.js';
import { logIn } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('identity demo data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('creates Demo Agency with a user of every role, idempotently', async () => {
    await identityModule.seed?.(app.runtime);
    await identityModule.seed?.(app.runtime);
    const owner = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
    const members = await json<Page<{ email: string; role: string; email_verified: boolean }>>(
      await apiClient(app.url)('GET', '/api/v1/members', { token: owner.access_token }),
    );
    expect(members.data.map((m) => m.role).sort()).toEqual([
      'admin',
      'analyst',
      'marketer',
      'owner',
      'sales_agent',
    ]);
    expect(members.data.every((m) => m.email_verified)).toBe(true);
    for (const account of demoAccounts) {
      expect((await logIn(app, account.email, demoPassword)).access_token).toBeTruthy();
    }
  });
});
