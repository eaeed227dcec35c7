import { copyChannels, copyTones, type CopyChannel, type CopyTone } from '../../ai/index.js';

export const contentTypes = ['text', 'image', 'video'] as const;
export type ContentType = (typeof contentTypes)[number];

export const contentLanguages = ['es', 'en'] as const;
export type ContentLanguage = (typeof contentLanguages)[number];

export const contentChannels = copyChannels;
export type ContentChannel = CopyChannel;
export const contentTones = copyTones;
export type ContentTone = CopyTone;

/** What a content request asks for. */
export interface ContentBrief {
  type: ContentType;
  /** What is promoted: a product, service or event. */
  subject: string;
  description?: string;
  channel: ContentChannel;
  audience?: string;
  language: ContentLanguage;
  tone?: ContentTone;
  /** Visual or writing style in a few words: "minimal", "bold colours", "documentary". */
  style?: string;
  benefits?: string[];
  keywords?: string[];
  callToAction?: string;
  campaignReference?: string;
  /** Assets to generate, 1–5. */
  variants: number;
  brandKitId?: string;
}

/** Banner size per channel: the platform's recommended feed image size (width × height). */
export const imageSizes: Record<ContentChannel, { width: number; height: number }> = {
  instagram: { width: 1080, height: 1080 },
  facebook: { width: 1200, height: 628 },
  linkedin: { width: 1200, height: 628 },
  x: { width: 1600, height: 900 },
  tiktok: { width: 720, height: 1280 },
  email: { width: 1200, height: 600 },
  web: { width: 1200, height: 628 },
  google_ads: { width: 1200, height: 628 },
};

/** Storyboard scenes of a video: a short ad has a hook, the benefits, and a call to action. */
export const storyboardScenes = 4;

/** How many assets a brief produces (a video is one asset whatever its scene count). */
export function expectedAssets(brief: Pick<ContentBrief, 'variants'>): number {
  return brief.variants;
}
