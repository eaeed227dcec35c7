import { currentLanguage } from '../i18n';
import { adChannels } from './ads-shared';

/** The markets the forms offer (ISO 3166 codes); names come from Intl in the user's language. */
export const marketCodes = [
  'US',
  'CA',
  'MX',
  'GT',
  'CR',
  'PA',
  'DO',
  'CO',
  'EC',
  'PE',
  'CL',
  'AR',
  'UY',
  'BR',
  'ES',
  'PT',
  'GB',
  'FR',
  'DE',
  'IT',
] as const;

export function marketOptions(): { value: string; label: string }[] {
  return marketCodes.map((code) => ({ value: code, label: countryName(code) }));
}

const channelNames: Record<(typeof adChannels)[number], string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
  x: 'X',
  google_ads: 'Google Ads',
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  influencer: 'Influencer',
};

export const channelOptions = adChannels.map((channel) => ({
  value: channel,
  label: channelNames[channel],
}));

export function channelName(channel: string): string {
  return channelNames[channel as keyof typeof channelNames] ?? channel;
}

/** A country's name in the reader's language (the code when Intl does not know it). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([currentLanguage()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
