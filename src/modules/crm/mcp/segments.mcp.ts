import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { recomputeSegment, segmentSummary } from '../application/segments.js';
import { segmentRulesSchema } from '../domain/segment-rules.js';
import { insertSegment } from '../infrastructure/segments.repository.js';

const ruleHelp =
  'Rules: {match: "all"|"any", conditions: [{field, op, value} | {match, conditions: [...]}]}. ' +
  'Fields: country, city, age, gender, interests, tags, language, lifecycle, score, source, ' +
  'utm_source, utm_medium, utm_campaign, utm_content, utm_term, campaign, created_at. ' +
  'Operators: eq, neq, in, contains, gte, lte, between ([min, max]), exists.';

/** Segments for AI assistants: define one from rules and read its count and reach. */
export function registerSegmentsMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'crm_create_segment',
    title: 'Create a CRM segment',
    description: `Creates a segment of contacts from rules, computes its membership now and returns how many contacts it holds and how many can be reached by email, SMS and WhatsApp (consent and address). ${ruleHelp}`,
    input: {
      name: z.string().trim().min(1).max(200),
      rules: segmentRulesSchema,
    },
    readOnly: false,
    feature: 'crm',
    permission: 'crm:write',
    run: async ({ name, rules }, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const segment = await insertSegment(runtime.db, {
        orgId,
        id: uuidv7(),
        name,
        rules,
        createdBy: caller.principalId,
      });
      await recomputeSegment(runtime, orgId, segment.id);
      return (await segmentSummary(runtime, orgId, segment.id))!;
    },
  });

  registry.tool({
    name: 'crm_get_segment_count',
    title: 'Segment count and reach',
    description:
      'How many contacts a segment (by id) holds now and how many of them can be reached by email, SMS and WhatsApp.',
    input: { segmentId: z.uuid() },
    readOnly: true,
    permission: 'crm:read',
    run: async ({ segmentId }, { runtime, caller }) => {
      const summary = await segmentSummary(runtime, requireOrgId(caller), segmentId);
      if (!summary) throw AppError.notFound('Segment', segmentId);
      return summary;
    },
  });
}
