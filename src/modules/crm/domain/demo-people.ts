/**
 * The CRM demo's people, generated from the PromptAds demo campaigns: who answered which ad, when,
 * what was said and what they bought. Pure and deterministic per (campaign, index), so a re-run of
 * the seed regenerates exactly the people still missing.
 */
import { pick, seededRandom } from '../../../platform/random/seeded-random.js';

export interface DemoCampaignRef {
  id: string;
  brand: string;
  currency: string;
  startDate: string;
  endDate: string;
  countries: string[];
  ads: { id: string; channel: string }[];
}

export interface DemoInteraction {
  channel: 'email' | 'whatsapp' | 'sms' | 'voice' | 'chat';
  direction: 'inbound' | 'outbound';
  subject: string | null;
  body: string;
  status: 'delivered' | 'received';
  occurredAt: string;
}

export interface DemoDeal {
  title: string;
  amountMinor: number;
  currency: string;
  products: { name: string; quantity: number; unitPriceMinor: number }[];
  status: 'open' | 'won' | 'lost';
  lostReason: string | null;
  closedAt: string | null;
  /** Index into the open stages for open deals (wrapped by the caller). */
  openStage: number;
}

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  country: string;
  city: string;
  language: string;
  birthYear: number;
  gender: 'female' | 'male';
  interests: string[];
  tags: string[];
  lifecycleStage: 'lead' | 'qualified' | 'opportunity' | 'customer' | 'lost';
  classification: 'hot' | 'warm' | 'cold';
  source: 'ads' | 'web_form';
  medium: string;
  utm: Record<string, string>;
  campaignId: string;
  adId: string | null;
  createdAt: string;
  consents: DemoInteraction['channel'][];
  interactions: DemoInteraction[];
  deal: DemoDeal | null;
}

/** Every demo person carries this tag: the seed counts by it to know what already exists. */
export const demoTag = 'demo';

const firstNames: Record<DemoPerson['gender'], string[]> = {
  female: ['Ana', 'Lucía', 'María', 'Sofía', 'Valentina', 'Camila', 'Isabel', 'Daniela', 'Paula'],
  male: ['Juan', 'Carlos', 'Diego', 'Mateo', 'Andrés', 'Luis', 'Javier', 'Santiago', 'Pablo'],
};
const lastNames = ['García', 'Rodríguez', 'Martínez', 'López', 'Hernández', 'Rojas', 'Vargas'];
const cities: Record<string, string[]> = {
  CR: ['San José', 'Heredia', 'Cartago'],
  MX: ['Ciudad de México', 'Monterrey', 'Guadalajara'],
  CO: ['Bogotá', 'Medellín', 'Cali'],
  US: ['Miami', 'Houston', 'Los Angeles'],
  ES: ['Madrid', 'Barcelona', 'Valencia'],
};
const dialCodes: Record<string, string> = { CR: '506', MX: '52', CO: '57', US: '1', ES: '34' };
const interestPool = ['coffee', 'cycling', 'beauty', 'travel', 'finance', 'fitness', 'food'];
const lostReasons = ['price', 'timing', 'chose a competitor', 'no budget'];

/** How many people a campaign brings, in `[min, max]`, the same on every run. */
export function campaignQuota(campaignId: string, [min, max]: readonly [number, number]): number {
  return min + Math.floor(seededRandom(`quota:${campaignId}`)() * (max - min + 1));
}

const dayMs = 86_400_000;

/** The `index`-th person who answered `campaign`, as of `now` (nothing happens after it). */
export function demoPerson(campaign: DemoCampaignRef, index: number, now: Date): DemoPerson {
  const random = seededRandom(`${campaign.id}:${index}`);
  const gender = random() < 0.55 ? 'female' : 'male';
  const firstName = pick(random, firstNames[gender]);
  const lastName = pick(random, lastNames);
  const country = pick(random, campaign.countries.length > 0 ? campaign.countries : ['MX']);
  const start = Date.parse(`${campaign.startDate}T00:00:00Z`);
  const end = Math.min(Date.parse(`${campaign.endDate}T23:59:59Z`), now.getTime() - dayMs);
  const createdAt = start + random() * Math.max(0, end - start);
  const ad = campaign.ads.length > 0 ? pick(random, campaign.ads) : null;
  const fromForm = random() < 0.3;
  const interests = interestPool.filter(() => random() < 0.25);
  const slug = `${firstName}.${lastName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

  const consents = (['email', 'whatsapp', 'sms'] as const).filter(
    (_, i) => random() < [0.7, 0.4, 0.25][i]!,
  );
  const engagement = random();
  // How much this person wants to buy: it shows in how often they write (what the intent score
  // sees) and decides how likely their deal is won, so the demo's fitted model has a signal to find.
  const intent = random();
  const interactions: DemoInteraction[] = [];
  const at = (days: number) =>
    new Date(Math.min(createdAt + days * dayMs, now.getTime() - 60_000)).toISOString();
  if (consents.includes('email'))
    interactions.push({
      channel: 'email',
      direction: 'outbound',
      subject: `${campaign.brand}: gracias por tu interés`,
      body: `Hola ${firstName}, gracias por escribir a ${campaign.brand}. Te contamos nuestras novedades.`,
      status: 'delivered',
      occurredAt: at(0.1),
    });
  const questions = [
    `¿Qué precio tiene la oferta de ${campaign.brand}?`,
    '¿Hacen envíos a mi ciudad?',
    '¿Puedo pagar en cuotas?',
  ];
  const asked = engagement > 0.45 ? 1 + (intent > 0.5 ? 1 : 0) + (intent > 0.8 ? 1 : 0) : 0;
  for (let question = 0; question < asked; question++)
    interactions.push({
      channel: consents.includes('whatsapp') ? 'whatsapp' : 'chat',
      direction: 'inbound',
      subject: null,
      body: questions[question]!,
      status: 'received',
      occurredAt: at(1 + question * 2 + random() * 2),
    });
  if (engagement > 0.75)
    interactions.push({
      channel: 'voice',
      direction: 'outbound',
      subject: null,
      body: 'Llamada de seguimiento: pidió una propuesta.',
      status: 'delivered',
      occurredAt: at(4 + random() * 5),
    });

  let deal: DemoDeal | null = null;
  if (engagement > 0.8) {
    const quantity = 1 + Math.floor(random() * 3);
    const unitPriceMinor = (20 + Math.floor(random() * 480)) * 100;
    const closed = random() < 0.75;
    const won = random() < 0.1 + 0.8 * intent;
    const status = !closed ? 'open' : won ? 'won' : 'lost';
    const closedAt = status === 'open' ? null : at(7 + random() * 20);
    deal = {
      title: `${campaign.brand} · ${firstName} ${lastName}`,
      amountMinor: quantity * unitPriceMinor,
      currency: campaign.currency,
      products: [{ name: `${campaign.brand} plan`, quantity, unitPriceMinor }],
      status,
      lostReason: status === 'lost' ? pick(random, lostReasons) : null,
      closedAt,
      openStage: Math.floor(random() * 4),
    };
  }
  const lifecycleStage = deal
    ? ({ won: 'customer', lost: 'lost', open: 'opportunity' } as const)[deal.status]
    : engagement > 0.45
      ? 'qualified'
      : 'lead';
  return {
    firstName,
    lastName,
    email: `${slug}.${campaign.id.slice(-8)}.${index}@demo.promptsales.test`,
    phone: `+${dialCodes[country] ?? '52'}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    country,
    city: pick(random, cities[country] ?? ['Ciudad de México']),
    language: country === 'US' ? pick(random, ['en', 'es']) : 'es',
    birthYear: now.getUTCFullYear() - 18 - Math.floor(random() * 45),
    gender,
    interests,
    tags: [demoTag, ...(deal?.status === 'won' ? ['buyer'] : [])],
    lifecycleStage,
    classification: engagement > 0.75 ? 'hot' : engagement > 0.45 ? 'warm' : 'cold',
    source: fromForm ? 'web_form' : 'ads',
    medium: fromForm ? 'landing_page' : 'paid',
    utm: {
      source: ad?.channel ?? 'promptads',
      medium: fromForm ? 'landing_page' : 'paid',
      campaign: campaign.id,
      ...(ad ? { content: ad.id } : {}),
    },
    campaignId: campaign.id,
    adId: ad?.id ?? null,
    createdAt: new Date(createdAt).toISOString(),
    consents,
    interactions,
    deal,
  };
}
