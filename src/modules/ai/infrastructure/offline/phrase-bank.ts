import type { CopyObjective, CopyTone } from '../../domain/marketing-copy.js';

/**
 * The offline copywriter's vocabulary for one language. Templates use slots: {product},
 * {benefit} (a short phrase that stands on its own), {audience} (a noun phrase) and {brand}.
 * Every template is written to read correctly whatever fills the slots — no article or gender
 * agreement depends on the product name.
 */
export interface PhraseBank {
  headlines: Record<CopyTone, readonly string[]>;
  /** Headlines that fit Google Ads' 30 characters once the product name is in. */
  shortHeadlines: readonly string[];
  openers: Record<CopyTone, readonly string[]>;
  benefitLeads: readonly string[];
  audienceLines: readonly string[];
  proof: Record<CopyObjective, readonly string[]>;
  closers: Record<CopyObjective, readonly string[]>;
  ctas: Record<CopyObjective, readonly string[]>;
  emailGreeting: readonly string[];
  emailSignOff: readonly string[];
  /** Used when the brief names no benefits. */
  defaultBenefits: Record<CopyObjective, readonly string[]>;
  defaultAudience: string;
  /** What the product is, when the brief has no description. */
  defaultAbout: string;
  seoTitles: readonly string[];
  metaDescriptions: readonly string[];
  faq: readonly { question: string; answer: string }[];
  /** Appended on playful posts for social channels. */
  emojis: readonly string[];
  genericHashtags: Record<CopyObjective, readonly string[]>;
  stopwords: ReadonlySet<string>;
  /** Joins a list: "a, b and c". */
  and: string;
}
