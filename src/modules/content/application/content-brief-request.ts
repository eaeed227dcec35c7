import { z } from 'zod';
import {
  contentChannels,
  contentLanguages,
  contentTones,
  contentTypes,
  type ContentBrief,
} from '../domain/content-brief.js';

// A content brief as API clients write it (snake_case); MCP tools and the portal reuse it.

export const briefSchema = z.object({
  type: z.enum(contentTypes).describe('text (copy), image (banner) or video (script + storyboard)'),
  subject: z.string().trim().min(2).max(200).describe('What is promoted: product, service, event'),
  description: z.string().trim().max(1000).optional(),
  channel: z.enum(contentChannels),
  audience: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('A plural noun phrase: "young families"'),
  language: z.enum(contentLanguages),
  tone: z.enum(contentTones).optional(),
  style: z.string().trim().max(200).optional(),
  benefits: z.array(z.string().trim().min(1).max(200)).max(8).optional(),
  keywords: z.array(z.string().trim().min(1).max(60)).max(12).optional(),
  call_to_action: z.string().trim().max(80).optional(),
  campaign_reference: z.string().trim().max(200).optional(),
  variants: z.number().int().min(1).max(5).default(1),
  brand_kit_id: z.uuid().optional(),
});

/** The domain brief from the API's snake_case body. */
export function briefFromBody(body: z.infer<typeof briefSchema>): ContentBrief {
  return {
    type: body.type,
    subject: body.subject,
    description: body.description,
    channel: body.channel,
    audience: body.audience,
    language: body.language,
    tone: body.tone,
    style: body.style,
    benefits: body.benefits,
    keywords: body.keywords,
    callToAction: body.call_to_action,
    campaignReference: body.campaign_reference,
    variants: body.variants,
    brandKitId: body.brand_kit_id,
  };
}
