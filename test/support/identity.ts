import { randomBytes } from 'node:crypto';
import { LogMailer } from '../../src/platform/messaging/log-mailer.js';
import { mailerFor } from '../../src/platform/messaging/mailer-for.js';
import type { SentMail } from '../../src/platform/messaging/mailer.js';
import { apiClient, json, type Problem } from './http.js';
import type { TestApp } from './test-app.js';

/** A password that passes the strength rules for any generated email. */
export const testPassword = 'Correct-Horse-42-battery';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

export interface SignedUp {
  token: string;
  refreshToken: string;
  orgId: string;
  userId: string;
  email: string;
  password: string;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status !== status) {
    const body = await response.text();
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${body}`);
  }
}

/** Signs up a new organisation with its owner and returns the owner's access token. */
export async function signUp(
  app: Pick<TestApp, 'url'>,
  overrides: Partial<{ organization: string; name: string; email: string; password: string }> = {},
): Promise<SignedUp> {
  const email = overrides.email ?? uniqueEmail('owner');
  const password = overrides.password ?? testPassword;
  const response = await apiClient(app.url)('POST', '/api/v1/auth/signup', {
    body: {
      organization: overrides.organization ?? `Org ${randomBytes(3).toString('hex')}`,
      name: overrides.name ?? 'Test Owner',
      email,
      password,
    },
  });
  await expectStatus(response, 201, 'sign-up');
  const body = await json<{
    access_token: string;
    refresh_token: string;
    organization_id: string;
    user_id: string;
  }>(response);
  return {
    token: body.access_token,
    refreshToken: body.refresh_token,
    orgId: body.organization_id,
    userId: body.user_id,
    email,
    password,
  };
}

/** The embedded inbox (LogMailer) of a test app: every mail the app sent, newest last. */
export function mailbox(app: TestApp): { sent(to?: string): readonly SentMail[] } {
  const mailer = mailerFor(app.runtime);
  if (!(mailer instanceof LogMailer)) throw new Error('The test app does not use the log mailer');
  return mailer;
}

/** The one-time code of the newest mail to `to` whose subject matches. */
export function lastCodeSentTo(app: TestApp, to: string, subject: RegExp): string {
  const mail = mailbox(app)
    .sent(to)
    .filter((m) => subject.test(m.subject))
    .at(-1);
  const code = mail?.text.match(/(?:code|[Cc]ódigo de invitación): (\S+)/)?.[1];
  if (!code) throw new Error(`No mail matching ${subject} was sent to ${to}`);
  return code;
}

export interface MemberAccount {
  token: string;
  userId: string;
  email: string;
  password: string;
}

/** Invites a new person with `role` (as the owner/admin whose token is given) and accepts. */
export async function createMemberAccount(
  app: TestApp,
  inviterToken: string,
  role: string,
): Promise<MemberAccount> {
  const api = apiClient(app.url);
  const email = uniqueEmail(role.replace('_', '-'));
  const invited = await api('POST', '/api/v1/invitations', {
    token: inviterToken,
    body: { email, role },
  });
  await expectStatus(invited, 201, `invite ${role}`);
  const code = lastCodeSentTo(app, email, /invited/);
  const accepted = await api('POST', `/api/v1/invitations/${code}/accept`, {
    body: { name: `Test ${role}`, password: testPassword },
  });
  await expectStatus(accepted, 200, `accept invitation as ${role}`);
  const body = await json<{ access_token: string; user_id: string }>(accepted);
  return { token: body.access_token, userId: body.user_id, email, password: testPassword };
}

/** A new member of the inviter's organisation with `role`; returns their access token. */
export async function createMember(
  app: TestApp,
  ownerToken: string,
  role: string,
): Promise<string> {
  return (await createMemberAccount(app, ownerToken, role)).token;
}

/** Logs in and returns the token set (throws with the problem on failure). */
export async function logIn(
  app: TestApp,
  email: string,
  password: string,
  organizationId?: string,
): Promise<{ access_token: string; refresh_token: string }> {
  const response = await apiClient(app.url)('POST', '/api/v1/auth/login', {
    body: { email, password, ...(organizationId ? { organization_id: organizationId } : {}) },
  });
  if (response.status !== 200) {
    const problem = await json<Problem>(response);
    throw new Error(`login: ${response.status} ${problem.detail}`);
  }
  return json(response);
}
