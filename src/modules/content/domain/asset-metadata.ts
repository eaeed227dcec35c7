import { fold } from './text-normalization.js';

/** A hashtag as stored and matched: no '#', lower case, no accents (networks ignore case too). */
export function normaliseHashtag(tag: string): string {
  return fold(tag.replace(/^#+/, '')).replace(/[^\p{L}\p{N}_]/gu, '');
}

export function normaliseHashtags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normaliseHashtag).filter((tag) => tag.length > 0))].slice(0, 30);
}

/** What full-text search indexes: title, description and hashtags, folded. */
export function searchTextOf(fields: {
  title: string;
  description: string;
  hashtags: readonly string[];
}): string {
  return fold([fields.title, fields.description, ...fields.hashtags].join(' '));
}
