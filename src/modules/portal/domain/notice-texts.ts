/**
 * What the portal tells people, written for each reader: in their language (English or
 * Spanish), money in their conventions from minor units, instants in their time zone. No raw
 * minor units and no database timestamps reach a person.
 */
import {
  formatDay,
  formatInstant,
  formatMoney,
  languageOf,
} from '../../../platform/i18n/locale.js';

export interface Reader {
  /** BCP 47, e.g. `es-MX`. */
  locale: string;
  /** IANA, e.g. `America/Mexico_City`. */
  timeZone: string;
}

export interface NoticeText {
  title: string;
  body: string;
}

export interface ProposalSummary {
  name: string;
  adSets: number;
  contentVariants: number;
  days: number;
  budgetMinor: number;
  currency: string;
  startsAt: string;
  endsAt: string;
}

/** "1 ad set", "4 ad sets": English and Spanish plurals add an -s to the counted noun here. */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function approvalNeededText(proposal: ProposalSummary, reader: Reader): NoticeText {
  const money = formatMoney(proposal.budgetMinor, proposal.currency, reader.locale);
  const from = formatDay(proposal.startsAt, reader.locale);
  const to = formatDay(proposal.endsAt, reader.locale);
  if (languageOf(reader.locale) === 'es')
    return {
      title: `La propuesta de campaña "${proposal.name}" espera tu aprobación`,
      body:
        `${count(proposal.adSets, 'conjunto', 'conjuntos')} de anuncios y ` +
        `${count(proposal.contentVariants, 'variante', 'variantes')} de contenido durante ` +
        `${count(proposal.days, 'día', 'días')} (del ${from} al ${to}), con un presupuesto de ${money}.`,
    };
  return {
    title: `Campaign proposal "${proposal.name}" awaits your approval`,
    body:
      `${count(proposal.adSets, 'ad set', 'ad sets')} and ` +
      `${count(proposal.contentVariants, 'content variant', 'content variants')} over ` +
      `${count(proposal.days, 'day', 'days')} (${from} to ${to}), with a budget of ${money}.`,
  };
}

export function taskAlertText(
  alert: 'due_soon' | 'overdue',
  task: { title: string; dueAt: string },
  reader: Reader,
): NoticeText {
  const when = formatInstant(task.dueAt, reader.locale, reader.timeZone);
  if (languageOf(reader.locale) === 'es')
    return alert === 'due_soon'
      ? { title: `Vence pronto: ${task.title}`, body: `${task.title} vence el ${when}.` }
      : { title: `Vencida: ${task.title}`, body: `${task.title} venció el ${when}.` };
  return alert === 'due_soon'
    ? { title: `Due soon: ${task.title}`, body: `${task.title} is due on ${when}.` }
    : { title: `Overdue: ${task.title}`, body: `${task.title} was due on ${when}.` };
}

export function planningFailedText(
  request: { name: string; reason: string },
  reader: Reader,
): NoticeText {
  if (languageOf(reader.locale) === 'es')
    return {
      title: `La planificación de "${request.name}" falló`,
      body: `${request.reason} — vuelve a intentarlo desde la solicitud de campaña.`,
    };
  return {
    title: `Planning of "${request.name}" failed`,
    body: `${request.reason} — retry it from the campaign request.`,
  };
}
