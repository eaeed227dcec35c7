import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAgendaReminders } from '../src/modules/portal/application/agenda-reminders.job.js';
import { apiClient, json, type Problem } from './support/http.js';
import { signUp, testPassword, uniqueEmail, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';
import { inDays } from './support/campaign-request-body.js';
import { readMail, startSmtpInbox, type SmtpInbox } from './support/smtp-inbox.js';

interface Profile {
  id: string;
  name: string;
  locale: string;
  time_zone: string;
  own_locale: string | null;
  own_time_zone: string | null;
  organization: { role: string; locale: string; time_zone: string };
  permissions: string[];
}
interface CampaignRequest {
  id: string;
  status: string;
  language: string;
  proposal: { contentVariants: { headline: string }[] } | null;
}

/** Intl puts no-break spaces in money and times; mail readers show them as spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/**
 * A Spanish-speaking organisation (Mexico City) with an English-speaking marketer (UTC): the
 * campaign copy is written in the organisation's language, and every mail is written for its
 * reader — language, money from minor units, dates in their time zone — through real SMTP.
 */
describe('language, locale and time zone', () => {
  let smtp: SmtpInbox;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let marketer: { token: string; email: string };

  const mailsTo = (email: string) =>
    smtp.messages.filter((mail) => mail.to.includes(email)).map(readMail);

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    app = await startTestApp({ env: { SMTP_URL: smtp.url } });
    api = apiClient(app.url);
    owner = await signUp(app, { organization: 'Café Aurora México' });
    const email = uniqueEmail('marketer');
    await api('POST', '/api/v1/invitations', {
      token: owner.token,
      body: { email, role: 'marketer' },
    });
    const invitation = await eventually(
      async () => mailsTo(email),
      (mails) => mails.length > 0,
    );
    const code = /code: (\S+)/.exec(invitation[0]!.text)![1]!;
    const accepted = await api('POST', `/api/v1/invitations/${code}/accept`, {
      body: { name: 'Martha Marketer', password: testPassword },
    });
    marketer = { token: (await json<{ access_token: string }>(accepted)).access_token, email };
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('keeps locale and time zone on the organisation and, when chosen, on the person', async () => {
    const bad = await api('PATCH', '/api/v1/organization', {
      token: owner.token,
      body: { locale: 'fr-FR', time_zone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors!.map((e) => e.field).sort()).toEqual([
      'body.locale',
      'body.time_zone',
    ]);
    const organization = await api('PATCH', '/api/v1/organization', {
      token: owner.token,
      body: { locale: 'es-mx', time_zone: 'america/mexico_city' },
    });
    expect(await json(organization)).toMatchObject({
      locale: 'es-MX',
      time_zone: 'America/Mexico_City',
    });

    // An invitee has no preferences yet: the invitation speaks the organisation's.
    const invitee = uniqueEmail('invitee');
    await api('POST', '/api/v1/invitations', {
      token: owner.token,
      body: { email: invitee, role: 'analyst' },
    });
    const [invitation] = await eventually(
      async () => mailsTo(invitee),
      (mails) => mails.length > 0,
    );
    expect(invitation!.subject).toBe('Te invitaron a Café Aurora México en PromptSales');
    expect(plain(invitation!.text)).toMatch(
      /Acepta antes del \d{1,2} de [a-z]+ de \d{4} a las .* GMT-6:/,
    );

    const ownerProfile = await json<Profile>(
      await api('GET', '/api/v1/me', { token: owner.token }),
    );
    expect(ownerProfile).toMatchObject({
      locale: 'es-MX',
      time_zone: 'America/Mexico_City',
      own_locale: null,
      own_time_zone: null,
      organization: { role: 'owner' },
    });
    expect(ownerProfile.permissions).toContain('members:manage');

    const changed = await api('PATCH', '/api/v1/me', {
      token: marketer.token,
      body: { locale: 'en-US', time_zone: 'UTC' },
    });
    expect(changed.status).toBe(200);
    expect(await json<Profile>(changed)).toMatchObject({
      name: 'Martha Marketer',
      locale: 'en-US',
      time_zone: 'UTC',
      own_locale: 'en-US',
      organization: { role: 'marketer', locale: 'es-MX' },
    });
    const empty = await api('PATCH', '/api/v1/me', { token: marketer.token, body: {} });
    expect(empty.status).toBe(400);
  });

  it('writes the campaign copy in the organisation language unless the request names one', async () => {
    const strategy = await json<{ id: string; language: string }>(
      await api('POST', '/api/v1/strategies', {
        token: marketer.token,
        body: {
          name: 'Café Aurora 2027',
          client_company: 'Café Aurora S.A. de C.V.',
          products: ['Café Aurora cold brew'],
          messages: ['Listo en 24 horas', 'Sin contratos, cancela cuando quieras'],
          audiences: [
            { name: 'Oficinistas', countries: ['MX'], ageMin: 25, ageMax: 40, interests: [] },
          ],
          intent: 'leads',
          channels: ['facebook'],
          budget: { amount: 1_500_000, currency: 'USD' },
          starts_at: inDays(1),
          ends_at: inDays(30),
        },
      }),
    );
    expect(strategy.language).toBe('es');

    const english = await json<CampaignRequest>(
      await api('POST', `/api/v1/strategies/${strategy.id}/campaign-requests`, {
        token: marketer.token,
        body: { name: 'Aurora for expats', language: 'en' },
      }),
    );
    expect(english.language).toBe('en');

    const accepted = await json<CampaignRequest>(
      await api('POST', `/api/v1/strategies/${strategy.id}/campaign-requests`, {
        token: marketer.token,
        body: { name: 'Aurora lanzamiento' },
      }),
    );
    expect(accepted.language).toBe('es');
    const proposed = await eventually(
      async () =>
        json<CampaignRequest>(
          await api('GET', `/api/v1/campaign-requests/${accepted.id}`, { token: marketer.token }),
        ),
      (request) => request.status === 'awaiting_approval',
      30_000,
    );
    const headlines = proposed.proposal!.contentVariants.map((variant) => variant.headline);
    expect(headlines.length).toBeGreaterThan(0);
    // Spanish copy: Spanish function words in the headlines, none of the English ones.
    const words = headlines
      .join(' ')
      .toLowerCase()
      .split(/[^\p{L}]+/u);
    expect(words.some((word) => ['tu', 'para', 'con', 'el', 'la', 'de', 'y'].includes(word))).toBe(
      true,
    );
    expect(words.some((word) => ['your', 'the', 'and', 'with', 'for'].includes(word))).toBe(false);

    // The approval mail reads in the owner's language, money formatted from minor units.
    const approval = await eventually(
      async () => mailsTo(owner.email).filter((mail) => /aprobación/.test(mail.subject)),
      (mails) => mails.some((mail) => mail.subject.includes('Aurora lanzamiento')),
    );
    const mail = approval.find((m) => m.subject.includes('Aurora lanzamiento'))!;
    expect(mail.subject).toBe('La propuesta de campaña "Aurora lanzamiento" espera tu aprobación');
    expect(plain(mail.text)).toMatch(
      /con un presupuesto de (US\$15,000\.00|15\.000,00 US\$|USD 15,000\.00)\./,
    );
    expect(mail.text).not.toMatch(/minor units|1500000/);

    // Approved: the agenda's reminders are written per reader as well.
    const approved = await api('POST', `/api/v1/campaign-requests/${accepted.id}/approve`, {
      token: owner.token,
      body: {},
    });
    expect(approved.status).toBe(200);
    const agenda = await json<{ data: { kind: string; due_at: string }[] }>(
      await api('GET', `/api/v1/campaign-requests/${accepted.id}/agenda`, { token: owner.token }),
    );
    const review = agenda.data.find((task) => task.kind === 'deliverable_review')!;
    await sendAgendaReminders(app.runtime, new Date(Date.parse(review.due_at) - 12 * 3_600_000));
    const reminders = mailsTo(owner.email).filter((m) => m.subject.startsWith('Vence pronto'));
    expect(reminders.length).toBeGreaterThan(0);
    for (const reminder of reminders) {
      expect(reminder.text).not.toMatch(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/);
      expect(plain(reminder.text)).toMatch(/ vence el \d{1,2} de [a-z]+ de \d{4} a las .* GMT-6\./);
    }
  });
});
