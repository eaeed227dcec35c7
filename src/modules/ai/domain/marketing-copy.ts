/**
 * The brief a copywriter (the offline generator or a real model) works from, and the copy it
 * returns. Both providers answer in this one shape, so callers never care which wrote it.
 */
export const copyLanguages = ['es', 'en'] as const;
export type CopyLanguage = (typeof copyLanguages)[number];

export const copyTones = [
  'professional',
  'friendly',
  'playful',
  'urgent',
  'inspirational',
] as const;
export type CopyTone = (typeof copyTones)[number];

export const copyChannels = [
  'instagram',
  'facebook',
  'linkedin',
  'x',
  'tiktok',
  'email',
  'web',
  'google_ads',
] as const;
export type CopyChannel = (typeof copyChannels)[number];

export const copyObjectives = ['awareness', 'leads', 'sales'] as const;
export type CopyObjective = (typeof copyObjectives)[number];

export interface CopyBrief {
  /** What is promoted: a product, service or event name. */
  product: string;
  description?: string;
  /** Who it is for, as a noun phrase: "small business owners", "familias jóvenes". */
  audience?: string;
  language: CopyLanguage;
  tone?: CopyTone;
  channel?: CopyChannel;
  objective?: CopyObjective;
  /** Short phrases, each usable on its own: "delivery in 24 hours", "sin permanencia". */
  benefits?: string[];
  keywords?: string[];
  brandName?: string;
  callToAction?: string;
  /** Number of headline variants (1–10, default 3). */
  variants?: number;
  /** The brand kit's voice in its own words: "warm and plain-spoken, never pushy". */
  brandVoice?: string;
  /** Claims the brand may make (the only ones copy should state). */
  approvedClaims?: string[];
  /** Phrases copy must never contain. */
  bannedPhrases?: string[];
}

export interface FaqEntry {
  question: string;
  answer: string;
}

export interface SeoMaterial {
  /** At most 60 characters (what search results show). */
  title: string;
  /** At most 155 characters. */
  metaDescription: string;
  keywords: string[];
  /** Question–answer pairs for FAQ pages and AI answer engines. */
  faq: FaqEntry[];
}

export interface MarketingCopy {
  language: CopyLanguage;
  headlines: string[];
  body: string;
  callToAction: string;
  hashtags: string[];
  seo: SeoMaterial;
}

export const seoLimits = { title: 60, metaDescription: 155 } as const;

/** Longest headline each channel displays without truncation. */
export const headlineLimits: Record<CopyChannel, number> = {
  instagram: 90,
  facebook: 80,
  linkedin: 100,
  x: 70,
  tiktok: 80,
  email: 70,
  web: 70,
  google_ads: 30,
};

/** Longest body each channel accepts (X counts hashtags too; Google Ads descriptions are 90). */
export const bodyLimits: Record<CopyChannel, number> = {
  instagram: 2200,
  facebook: 2000,
  linkedin: 3000,
  x: 280,
  tiktok: 2200,
  email: 5000,
  web: 5000,
  google_ads: 90,
};

/**
 * Shortens text to at most `max` characters at a word boundary, ending with an ellipsis when it
 * had to cut. Never cuts inside a word unless a single word is longer than the limit.
 */
export function fitToLength(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = max - 1;
  const cut = clean.slice(0, room + 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = (lastSpace > room / 2 ? cut.slice(0, lastSpace) : clean.slice(0, room)).replace(
    /[\s,;:.\-–—|]+$/u,
    '',
  );
  return `${head}…`;
}

/** A hashtag from free text: accents stripped, words joined in CamelCase, at most 30 chars. */
export function toHashtag(text: string): string | undefined {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  const joined = words
    .map((word, index) =>
      index === 0 && words.length === 1 ? word : word[0]!.toUpperCase() + word.slice(1),
    )
    .join('');
  return joined.length > 30 ? undefined : `#${joined}`;
}
