import { describe, expect, it } from 'vitest';
import { invitationMail } from './invitation-mail.js';

const invitation = {
  organization: 'Café Aurora',
  role: 'marketer',
  link: 'https://app.example/invitations/tok',
  token: 'tok',
  expiresAt: '2026-12-14T15:00:00.000Z',
};

describe('the invitation mail', () => {
  it("states the deadline in the organisation's language and time zone", () => {
    const en = invitationMail(invitation, { locale: 'en', timeZone: 'UTC' });
    expect(en.subject).toBe('You are invited to Café Aurora on PromptSales');
    expect(en.text.replace(/\u202f/g, ' ')).toContain(
      'Accept by December 14, 2026 at 3:00 PM UTC: https://app.example/invitations/tok',
    );
    const es = invitationMail(invitation, { locale: 'es-MX', timeZone: 'America/Mexico_City' });
    expect(es.subject).toBe('Te invitaron a Café Aurora en PromptSales');
    expect(es.text).toContain('con el rol marketing.');
    expect(es.text.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      'Acepta antes del 14 de diciembre de 2026 a las 9:00 a.m. GMT-6',
    );
    expect(es.text).toContain('Código de invitación: tok');
  });
});
