import {
  bodyLimits,
  fitToLength,
  headlineLimits,
  seoLimits,
  toHashtag,
  type CopyBrief,
  type CopyChannel,
  type MarketingCopy,
} from '../../domain/marketing-copy.js';
import {
  hashString,
  pick,
  pickDistinct,
  seededRandom,
  type Random,
} from '../../../../platform/random/seeded-random.js';
import { englishPhrases } from './phrase-bank-en.js';
import { spanishPhrases } from './phrase-bank-es.js';
import type { PhraseBank } from './phrase-bank.js';

const banks = { en: englishPhrases, es: spanishPhrases } as const;

const hashtagsPerChannel: Record<CopyChannel, number> = {
  instagram: 8,
  tiktok: 5,
  facebook: 3,
  linkedin: 3,
  x: 2,
  email: 3,
  web: 3,
  google_ads: 2,
};

interface Slots {
  product: string;
  audience: string;
  brand: string;
  benefit: string;
  benefits: string;
  cta: string;
  about: string;
}

/**
 * The built-in copywriter: marketing copy from a brief with templates and phrase banks, in
 * Spanish or English. Deterministic: the same brief and seed always give the same copy; another
 * seed picks other templates and phrasings. It cannot invent facts about the product — what it
 * says comes from the brief or from deliberately generic phrases.
 */
export function writeMarketingCopy(given: CopyBrief, seed = 0): MarketingCopy {
  const bank = banks[given.language];
  const random = seededRandom(hashString(JSON.stringify(given)) ^ seed);
  // The brand kit's voice sets the tone when the brief names none.
  const tone = given.tone ?? toneOfVoice(given.brandVoice) ?? 'friendly';
  const brief: CopyBrief = { ...given, tone };
  const avoid = bannedMatcher(brief.bannedPhrases ?? []);
  const channel = brief.channel ?? 'web';
  const objective = brief.objective ?? 'awareness';
  const product = brief.product.trim();
  const audience = brief.audience?.trim() || bank.defaultAudience;
  const brand = brief.brandName?.trim() || product;
  // Approved claims are what the brand may say about itself: woven in as benefits.
  const benefits = normaliseBenefits(
    [...(brief.benefits ?? []), ...(brief.approvedClaims ?? [])],
    () => pickDistinct(random, bank.defaultBenefits[objective], 3),
  );
  const base = {
    product,
    audience,
    brand,
    benefit: benefits[0]!,
    benefits: joinList(benefits, bank),
  };
  const cta =
    brief.callToAction?.trim() ||
    pickClean(random, bank.ctas[objective], { ...base, cta: '', about: '' }, avoid);
  const about = brief.description?.trim()
    ? sentence(brief.description)
    : fill(bank.defaultAbout, { ...base, cta, about: '' });
  const slots: Slots = { ...base, cta, about };

  // Template phrases with a banned phrase are passed over; the brief's own words are kept as given.
  const headlines = writeHeadlines(bank, random, brief, channel, slots, benefits, avoid);
  const hashtags = writeHashtags(bank, brief, benefits, channel, objective).filter(
    (tag) => !avoid(tag.slice(1)),
  );
  const body = writeBody(bank, random, channel, tone, objective, slots, benefits, hashtags, avoid);
  return {
    language: brief.language,
    headlines,
    body,
    callToAction: cta,
    hashtags,
    seo: {
      title: firstFitting(
        bank.seoTitles.map((template) => fill(template, slots)),
        seoLimits.title,
      ),
      metaDescription: firstFitting(
        pickDistinct(random, bank.metaDescriptions, bank.metaDescriptions.length).map((template) =>
          fill(template, slots),
        ),
        seoLimits.metaDescription,
      ),
      keywords: writeKeywords(bank, brief, benefits),
      faq: bank.faq.map((entry) => ({
        question: fill(entry.question, slots),
        answer: fill(entry.answer, slots),
      })),
    },
  };
}

function writeHeadlines(
  bank: PhraseBank,
  random: Random,
  brief: CopyBrief,
  channel: CopyChannel,
  slots: Slots,
  benefits: string[],
  avoid: (text: string) => boolean,
): string[] {
  const count = Math.min(10, Math.max(1, brief.variants ?? 3));
  const limit = headlineLimits[channel];
  const tone = brief.tone ?? 'friendly';
  const own =
    channel === 'google_ads' ? bank.shortHeadlines : pickDistinct(random, bank.headlines[tone], 99);
  // Other tones' templates only when the brief asks for more variants than its tone has.
  const others = Object.entries(bank.headlines)
    .filter(([name]) => name !== tone)
    .flatMap(([, templates]) => pickDistinct(random, templates, 2));
  const candidates: string[] = [];
  [...own, ...others].forEach((template, index) => {
    const text = fill(template, { ...slots, benefit: benefits[index % benefits.length]! });
    if (text.length <= limit && !candidates.includes(text)) candidates.push(text);
  });
  if (candidates.length < count) {
    // Long product names: shorten the best templates rather than return too few.
    for (const template of own) {
      const text = fitToLength(fill(template, slots), limit);
      if (!candidates.includes(text)) candidates.push(text);
    }
  }
  // Clean candidates first (a stable sort), so banned ones are used only when nothing else fits.
  return [...candidates.filter((c) => !avoid(c)), ...candidates.filter(avoid)].slice(0, count);
}

function writeBody(
  bank: PhraseBank,
  random: Random,
  channel: CopyChannel,
  tone: NonNullable<CopyBrief['tone']>,
  objective: NonNullable<CopyBrief['objective']>,
  slots: Slots,
  benefits: string[],
  hashtags: string[],
  avoid: (text: string) => boolean,
): string {
  const opener = pickClean(random, bank.openers[tone], slots, avoid);
  const benefitLines = benefits.map((benefit, index) =>
    fill(bank.benefitLeads[(index + Math.floor(random() * 4)) % bank.benefitLeads.length]!, {
      ...slots,
      benefit,
    }),
  );
  const audienceLine = pickClean(random, bank.audienceLines, slots, avoid);
  const proof = pickClean(random, bank.proof[objective], slots, avoid);
  const closer = pickClean(random, bank.closers[objective], slots, avoid);
  const cta = sentence(slots.cta);
  const emoji = tone === 'playful' || tone === 'friendly' ? ` ${pick(random, bank.emojis)}` : '';
  const limit = bodyLimits[channel];

  switch (channel) {
    case 'google_ads':
      return firstFitting(
        [`${sentence(slots.benefit)} ${cta}`, `${sentence(capitalise(slots.benefit))}`],
        limit,
      );
    case 'x':
      return fitParts([opener, benefitLines[0]!, cta, hashtags.slice(0, 2).join(' ')], limit);
    case 'email':
      return [
        pick(random, bank.emailGreeting),
        opener,
        benefits.map((benefit) => `• ${capitalise(benefit)}`).join('\n'),
        `${proof} ${closer}`,
        cta,
        `${pick(random, bank.emailSignOff)}\n${slots.brand}`,
      ].join('\n\n');
    case 'linkedin':
      return [
        opener,
        `${audienceLine} ${benefitLines.join(' ')}`,
        `${proof} ${closer}`,
        cta,
        hashtags.slice(0, 3).join(' '),
      ].join('\n\n');
    case 'instagram':
    case 'tiktok':
      return fitParts(
        [
          `${opener}${emoji}`,
          benefits.map((benefit) => `✔ ${capitalise(benefit)}`).join('\n'),
          `${closer} ${cta}`,
          hashtags.join(' '),
        ],
        limit,
        '\n\n',
      );
    case 'facebook':
      return [`${opener}${emoji}`, benefitLines.join(' '), `${proof} ${cta}`].join('\n\n');
    case 'web':
      return [opener, `${audienceLine} ${benefitLines.join(' ')}`, `${proof} ${closer}`].join(
        '\n\n',
      );
  }
}

function writeHashtags(
  bank: PhraseBank,
  brief: CopyBrief,
  benefits: string[],
  channel: CopyChannel,
  objective: NonNullable<CopyBrief['objective']>,
): string[] {
  const fromBrief = [brief.product, brief.brandName, ...(brief.keywords ?? []), ...benefits]
    .filter((value): value is string => Boolean(value))
    .map(toHashtag)
    .filter((tag): tag is string => tag !== undefined);
  const all = [...fromBrief, ...bank.genericHashtags[objective]];
  const unique = all.filter(
    (tag, index) => all.findIndex((other) => other.toLowerCase() === tag.toLowerCase()) === index,
  );
  return unique.slice(0, hashtagsPerChannel[channel]);
}

function writeKeywords(bank: PhraseBank, brief: CopyBrief, benefits: string[]): string[] {
  const words = [brief.product, brief.description ?? '', ...benefits]
    .join(' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 3 && !bank.stopwords.has(word));
  const keywords = [
    ...(brief.keywords ?? []).map((keyword) => keyword.trim().toLowerCase()),
    brief.product.trim().toLowerCase(),
    ...(brief.audience
      ? [
          `${brief.product.trim().toLowerCase()} ${bank === englishPhrases ? 'for' : 'para'} ${brief.audience.trim().toLowerCase()}`,
        ]
      : []),
    ...benefits.filter((benefit) => benefit.split(' ').length <= 4).map((b) => b.toLowerCase()),
    ...words.filter((word) => word.length > 4),
  ].filter(Boolean);
  return [...new Set(keywords)].slice(0, 10);
}

/**
 * One template filled, chosen among those whose text avoids the banned phrases (all of them when
 * none does). Draws one random number either way, so a kit without banned phrases changes nothing.
 */
function pickClean(
  random: Random,
  templates: readonly string[],
  slots: Slots,
  avoid: (text: string) => boolean,
): string {
  const filled = templates.map((template) => fill(template, slots));
  const clean = filled.filter((text) => !avoid(text));
  return pick(random, clean.length > 0 ? clean : filled);
}

/** Lower case without accents or separators, so "Low-Cost", "low cost" and "lowcost" meet. */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether a text contains one of the phrases, ignoring case, accents, spaces and punctuation. */
export function bannedMatcher(phrases: readonly string[]): (text: string) => boolean {
  const needles = phrases.map(folded).filter(Boolean);
  if (needles.length === 0) return () => false;
  return (text) => {
    const haystack = folded(text);
    return needles.some((needle) => haystack.includes(needle));
  };
}

const voiceTones: [RegExp, NonNullable<CopyBrief['tone']>][] = [
  [/\b(playful|fun|witty|cheeky|divertid\w*|desenfadad\w*|juguet\w*)/i, 'playful'],
  [/\b(urgent|direct|bold|energetic|urgente|direct\w*|enérgic\w*)/i, 'urgent'],
  [/\b(inspir\w*|aspiration\w*|visionar\w*|motivador\w*)/i, 'inspirational'],
  [
    /\b(professional|formal|expert|authoritative|profesional|formal|experto|serio)/i,
    'professional',
  ],
  [/\b(friendly|warm|casual|approachable|cercan\w*|amable|cálid\w*|calid\w*)/i, 'friendly'],
];

/** The tone a brand voice describes, when its words name one ("warm and witty" → playful). */
export function toneOfVoice(voice: string | undefined): CopyBrief['tone'] {
  if (!voice) return undefined;
  return voiceTones.find(([pattern]) => pattern.test(voice))?.[1];
}

function fill(template: string, slots: Slots): string {
  const text = template.replace(/\{(\w+)\}/g, (match, name: string) => {
    if (name === 'Benefit') return capitalise(slots.benefit);
    const value = (slots as unknown as Record<string, string>)[name];
    return value ?? match;
  });
  return capitalise(text);
}

/** Upper-cases the first letter, skipping opening Spanish punctuation (¿, ¡) and quotes. */
function capitalise(text: string): string {
  return text.replace(
    /^([¿¡"'“«\s]*)(\p{Ll})/u,
    (_all, lead: string, letter: string) => lead + letter.toUpperCase(),
  );
}

function sentence(text: string): string {
  const trimmed = capitalise(text.trim());
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function normaliseBenefits(benefits: string[] | undefined, fallback: () => string[]): string[] {
  const cleaned = (benefits ?? [])
    .map((benefit) => benefit.trim().replace(/[.;,]+$/, ''))
    .filter(Boolean)
    // "Fast delivery" reads as "fast delivery" mid-sentence; acronyms and names keep their case.
    .map((benefit) =>
      /^\p{Lu}\p{Ll}*(\s|$)/u.test(benefit) && !/^\p{Lu}{2}/u.test(benefit)
        ? benefit[0]!.toLowerCase() + benefit.slice(1)
        : benefit,
    );
  return cleaned.length > 0 ? cleaned.slice(0, 5) : fallback();
}

/** "a, b and c" — with Spanish "e" before a word that starts with an i sound. */
function joinList(items: string[], bank: PhraseBank): string {
  if (items.length <= 1) return items[0] ?? '';
  const last = items.at(-1)!;
  const conjunction = bank.and === 'y' && /^h?i(?![aeiouáéó])/i.test(last) ? 'e' : bank.and;
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${last}`;
}

function firstFitting(candidates: string[], max: number): string {
  return candidates.find((text) => text.length <= max) ?? fitToLength(candidates[0] ?? '', max);
}

/** Joins parts in order, dropping the ones that would push the text past the limit. */
function fitParts(parts: string[], max: number, separator = ' '): string {
  let text = '';
  for (const part of parts) {
    const next = text ? `${text}${separator}${part}` : part;
    if (next.length <= max) text = next;
  }
  return text || fitToLength(parts[0] ?? '', max);
}
