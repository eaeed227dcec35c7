/**
 * The invitation mail, in the inviting organisation's language, its deadline as a date and time
 * in the organisation's time zone (the invitee has no preferences of their own yet).
 */
import { formatInstant, languageOf } from '../../../platform/i18n/locale.js';

const spanishRoles: Record<string, string> = {
  owner: 'propietario',
  admin: 'administrador',
  marketer: 'marketing',
  sales_agent: 'agente de ventas',
  analyst: 'analista',
};

export function invitationMail(
  invitation: {
    organization: string;
    role: string;
    link: string;
    token: string;
    expiresAt: string;
  },
  reader: { locale: string; timeZone: string },
): { subject: string; text: string } {
  const deadline = formatInstant(invitation.expiresAt, reader.locale, reader.timeZone);
  if (languageOf(reader.locale) === 'es')
    return {
      subject: `Te invitaron a ${invitation.organization} en PromptSales`,
      text:
        `Te invitaron a unirte a ${invitation.organization} en PromptSales con el rol ` +
        `${spanishRoles[invitation.role] ?? invitation.role}.\n\n` +
        `Acepta antes del ${deadline}: ${invitation.link}\n\nCódigo de invitación: ${invitation.token}\n`,
    };
  return {
    subject: `You are invited to ${invitation.organization} on PromptSales`,
    text:
      `You have been invited to join ${invitation.organization} on PromptSales as ${invitation.role}.\n\n` +
      `Accept by ${deadline}: ${invitation.link}\n\nInvitation code: ${invitation.token}\n`,
  };
}
