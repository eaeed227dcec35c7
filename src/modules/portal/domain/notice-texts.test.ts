import { describe, expect, it } from 'vitest';
import { approvalNeededText, planningFailedText, taskAlertText } from './notice-texts.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const english = { locale: 'en-US', timeZone: 'UTC' };
const spanish = { locale: 'es', timeZone: 'America/Mexico_City' };
const proposal = {
  name: 'Aurora Q1',
  adSets: 4,
  contentVariants: 8,
  days: 30,
  budgetMinor: 1_500_000,
  currency: 'USD',
  startsAt: '2026-12-07',
  endsAt: '2027-01-05',
};

describe('notice texts', () => {
  it('states the budget as money of the reader, never in minor units', () => {
    const en = approvalNeededText(proposal, english);
    expect(en.title).toBe('Campaign proposal "Aurora Q1" awaits your approval');
    expect(plain(en.body)).toBe(
      '4 ad sets and 8 content variants over 30 days (Dec 7, 2026 to Jan 5, 2027), with a budget of $15,000.00.',
    );
    const es = approvalNeededText(proposal, spanish);
    expect(es.title).toBe('La propuesta de campaña "Aurora Q1" espera tu aprobación');
    expect(plain(es.body)).toContain('con un presupuesto de 15.000,00 US$.');
    expect(plain(es.body)).toContain('del 7 dic 2026 al 5 ene 2027');
    expect(approvalNeededText({ ...proposal, currency: 'JPY' }, english).body).toContain(
      '¥1,500,000',
    );
    expect(approvalNeededText({ ...proposal, adSets: 1, days: 1 }, spanish).body).toMatch(
      /^1 conjunto de anuncios y 8 variantes de contenido durante 1 día /,
    );
  });

  it('gives a due time in the reader time zone and language, not a database timestamp', () => {
    const task = { title: 'Review the banners', dueAt: '2026-12-07 15:00:00+00' };
    expect(plain(taskAlertText('due_soon', task, english).body)).toBe(
      'Review the banners is due on December 7, 2026 at 3:00 PM UTC.',
    );
    const es = taskAlertText('overdue', task, spanish);
    expect(es.title).toBe('Vencida: Review the banners');
    expect(plain(es.body)).toBe(
      'Review the banners venció el 7 de diciembre de 2026 a las 9:00 GMT-6.',
    );
  });

  it('words a planning failure for the reader', () => {
    expect(planningFailedText({ name: 'Aurora', reason: 'No channel' }, spanish).title).toBe(
      'La planificación de "Aurora" falló',
    );
  });
});
