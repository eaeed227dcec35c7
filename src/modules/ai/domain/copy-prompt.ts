import { z } from 'zod';
import {
  copyChannels,
  copyLanguages,
  copyObjectives,
  copyTones,
  seoLimits,
  type CopyBrief,
  type MarketingCopy,
} from './marketing-copy.js';
import type { ChatMessage } from './provider.js';

/**
 * The prompt template for marketing copy. The brief travels as a fenced JSON block after a fixed
 * marker, so a real model reads it as context and the offline copywriter parses it exactly: both
 * answer the same JSON shape, validated by the same schema.
 */
export const briefMarker = 'MARKETING_BRIEF';

export const copyBriefSchema = z.object({
  product: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  audience: z.string().trim().max(200).optional(),
  language: z.enum(copyLanguages),
  tone: z.enum(copyTones).optional(),
  channel: z.enum(copyChannels).optional(),
  objective: z.enum(copyObjectives).optional(),
  benefits: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
  keywords: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  brandName: z.string().trim().max(120).optional(),
  callToAction: z.string().trim().max(80).optional(),
  variants: z.number().int().min(1).max(10).optional(),
  brandVoice: z.string().trim().max(1000).optional(),
  approvedClaims: z.array(z.string().trim().min(1).max(300)).max(50).optional(),
  bannedPhrases: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
}) satisfies z.ZodType<CopyBrief>;

export const marketingCopySchema = z.object({
  language: z.enum(copyLanguages),
  headlines: z.array(z.string().min(1)).min(1),
  body: z.string().min(1),
  callToAction: z.string().min(1),
  hashtags: z.array(z.string()),
  seo: z.object({
    title: z.string().min(1),
    metaDescription: z.string().min(1),
    keywords: z.array(z.string()),
    faq: z.array(z.object({ question: z.string().min(1), answer: z.string().min(1) })),
  }),
}) satisfies z.ZodType<MarketingCopy>;

export function marketingCopyMessages(brief: CopyBrief): ChatMessage[] {
  const language = brief.language === 'es' ? 'Spanish' : 'English';
  return [
    {
      role: 'system',
      content: [
        'You are a senior marketing copywriter. Write in ' +
          language +
          ', in the tone, channel and',
        'for the audience the brief gives. Use only facts from the brief; never invent prices,',
        'numbers or claims. Answer with ONE JSON object and nothing else, with keys:',
        'language ("es"|"en"), headlines (string[], as many as brief.variants, default 3),',
        'body (string, fitted to the channel), callToAction (string), hashtags (string[]),',
        `seo: { title (≤ ${seoLimits.title} chars), metaDescription (≤ ${seoLimits.metaDescription} chars),`,
        'keywords (string[]), faq ([{question, answer}], 3 to 5 entries) }.',
        ...brandRules(brief),
      ].join(' '),
    },
    {
      role: 'user',
      content: `${briefMarker}\n\`\`\`json\n${JSON.stringify(brief)}\n\`\`\``,
    },
  ];
}

/** The brand kit's rules as instructions (the brief block carries the lists themselves). */
function brandRules(brief: CopyBrief): string[] {
  const rules: string[] = [];
  if (brief.brandVoice?.trim())
    rules.push(`Write in the brand's voice: ${brief.brandVoice.trim()} (brief.brandVoice).`);
  if (brief.approvedClaims?.length)
    rules.push(
      'State claims about the product only from brief.approvedClaims, worded as given; use them where they fit.',
    );
  if (brief.bannedPhrases?.length)
    rules.push(
      `Never use these phrases, in any case or accent: ${brief.bannedPhrases.map((p) => JSON.stringify(p)).join(', ')} (brief.bannedPhrases).`,
    );
  return rules;
}

/** The brief inside a marketing-copy prompt, or undefined for any other conversation. */
export function briefFromMessages(messages: readonly ChatMessage[]): CopyBrief | undefined {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'user') continue;
    const match = message.content.match(
      new RegExp(`${briefMarker}\\s*\`\`\`json\\s*([\\s\\S]*?)\`\`\``),
    );
    if (!match) continue;
    try {
      const parsed = copyBriefSchema.safeParse(JSON.parse(match[1] ?? ''));
      if (parsed.success) return parsed.data;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Reads a model's answer as MarketingCopy: tolerates a fenced block around the JSON, and enforces
 * the SEO length limits a model may overshoot. Undefined when the answer is not usable.
 */
export function parseMarketingCopy(text: string): MarketingCopy | undefined {
  const body = text.match(/```(?:json)?\s*([\s\S]*?)```/)?.[1] ?? text;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = marketingCopySchema.safeParse(JSON.parse(body.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
