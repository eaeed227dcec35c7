import { z } from 'zod';

export const brandFindingSchema = z.object({
  kind: z.enum(['banned_phrase', 'unapproved_claim']),
  match: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  rule: z.string(),
  message: z.string(),
});

export const formatFindingSchema = z.object({
  kind: z.enum(['text_too_long', 'aspect_ratio', 'unknown_channel']),
  field: z.string().optional(),
  message: z.string(),
  limit: z.number().optional(),
  actual: z.union([z.number(), z.string()]).optional(),
});
