import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { channels } from '../../src/modules/ads/index.js';
import { demoOrganizationId } from '../../src/modules/identity/index.js';
import type { Runtime } from '../../src/platform/runtime.js';
import { requestBody } from './campaign-request-body.js';

/** Ids the calls need: found in the demo data, or returned by earlier calls. */
export type ToolState = Record<string, string>;

interface ToolCase {
  tool: string;
  args: (state: ToolState) => Record<string, unknown>;
  /** Keeps what later calls need. */
  keep?: (result: Record<string, unknown>, state: ToolState) => void;
  /**
   * The refusal this call meets where no worker runs (stdio: generation and planning wait for
   * `serve` or `worker`); anywhere else the call must succeed.
   */
  withoutWorker?: RegExp;
  /** Where a worker runs: polls this call until its result is ready for the case's call. */
  ready?: {
    tool: string;
    args: (state: ToolState) => Record<string, unknown>;
    until: (result: Record<string, unknown>) => boolean;
  };
  /** Further checks of a successful result. */
  check?: (result: Record<string, unknown>) => void;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Every tool of every module, called once (in order: later calls use earlier ids). */
export const toolTable: ToolCase[] = [
  { tool: 'platform_get_status', args: () => ({}) },
  { tool: 'billing_list_plans', args: () => ({}) },
  { tool: 'billing_get_usage', args: () => ({}) },
  { tool: 'ads_list_channels', args: () => ({}) },
  {
    tool: 'ads_get_campaign_performance',
    args: (state) => ({ campaign: state.campaignId, groupBy: 'channel' }),
  },
  { tool: 'ads_get_reach_by_geography', args: () => ({ level: 'country' }) },
  { tool: 'ads_find_sentiment_alerts', args: () => ({ windowDays: 7 }) },
  { tool: 'ads_pause_ad', args: (state) => ({ adId: state.adId }) },
  { tool: 'ads_resume_ad', args: (state) => ({ adId: state.adId }) },
  {
    tool: 'content_request_content',
    args: () => ({
      type: 'text',
      subject: 'Trail running shoes',
      channel: 'google_ads',
      language: 'en',
      callToAction: 'Shop now',
      waitSeconds: 20,
    }),
    keep: (result, state) => {
      state.contentRequestId = String(result.id);
    },
    check: (result) =>
      expect(result.brief).toMatchObject({ channel: 'google_ads', callToAction: 'Shop now' }),
  },
  {
    tool: 'content_get_request',
    args: (state) => ({ requestId: state.contentRequestId }),
    check: (result) => {
      // Where generation ran, the copy itself is in the result.
      if (result.status === 'completed')
        expect(result.assets).toEqual([
          expect.objectContaining({
            channel: 'google_ads',
            content: expect.objectContaining({ headline: expect.any(String) }),
          }),
        ]);
    },
  },
  { tool: 'content_search_media', args: () => ({ query: 'shoes', limit: 5 }) },
  { tool: 'crm_find_leads', args: () => ({ limit: 5 }) },
  { tool: 'crm_get_lead', args: (state) => ({ lead: state.leadId }) },
  {
    tool: 'crm_create_segment',
    args: () => ({
      name: `Table segment ${Math.random().toString(36).slice(2, 7)}`,
      rules: { match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'MX' }] },
    }),
    keep: (result, state) => {
      state.segmentId = String(result.id);
    },
  },
  { tool: 'crm_get_segment_count', args: (state) => ({ segmentId: state.segmentId }) },
  { tool: 'crm_get_sales', args: () => ({ from: daysAgo(90), to: today(), groupBy: 'month' }) },
  {
    tool: 'portal_submit_campaign_request',
    args: () => requestBody(),
    keep: (result, state) => {
      state.campaignRequestId = String(result.id);
    },
  },
  {
    tool: 'portal_get_campaign_request',
    args: (state) => ({ requestId: state.campaignRequestId }),
  },
  { tool: 'portal_list_pending_approvals', args: () => ({ limit: 5 }) },
  {
    tool: 'portal_approve_campaign_request',
    args: (state) => ({ requestId: state.campaignRequestId }),
    ready: {
      tool: 'portal_get_campaign_request',
      args: (state) => ({ requestId: state.campaignRequestId }),
      until: (result) => result.status === 'awaiting_approval',
    },
    withoutWorker: /cannot approve while it is planning/,
    check: (result) => expect(result.status).toMatch(/approved|scheduled|active/),
  },
  {
    tool: 'analytics_query',
    args: () => ({
      metrics: ['impressions', 'spend'],
      dimensions: ['channel'],
      dateRange: { from: daysAgo(30), to: today() },
    }),
  },
  {
    tool: 'analytics_ask',
    args: () => ({ question: 'gasto por canal el mes pasado' }),
    check: (result) => expect(result).toMatchObject({ understood: true, language: 'es' }),
  },
];

const camelCase = /^[a-z][a-zA-Z0-9]*$/;
const looksLikeInstant = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/**
 * The ads module's channel ids, plus the few one module alone has: content's `web` (landing
 * pages) and the CRM's conversation channels `voice` and `chat`. Shared channels are spelled the
 * same everywhere (`google_ads`, `whatsapp`).
 */
const channelIds = new Set<string>([...channels, 'web', 'voice', 'chat', '']);

/** Argument names of a JSON Schema, nested objects and array items included. */
function propertyNames(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const names: string[] = [];
  if (node.properties && typeof node.properties === 'object')
    for (const [name, child] of Object.entries(node.properties)) {
      names.push(`${path}${name}`);
      names.push(...propertyNames(child, `${path}${name}.`));
    }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties'])
    for (const child of [node[key]].flat()) names.push(...propertyNames(child, path));
  return names;
}

/** Every string under a `channel` key, and every item of a `channels` array. */
function checkValues(value: unknown, tool: string, key = ''): void {
  if (typeof value === 'string') {
    if (looksLikeInstant.test(value)) expect(value, `${tool} ${key}`).toMatch(isoInstant);
    if (key === 'channel' || key === 'channels')
      expect(channelIds, `${tool} ${key}`).toContain(value);
    return;
  }
  if (Array.isArray(value)) for (const item of value) checkValues(item, tool, key);
  else if (typeof value === 'object' && value !== null)
    for (const [name, item] of Object.entries(value)) checkValues(item, tool, name);
}

async function waitUntilReady(
  client: Client,
  state: ToolState,
  ready: NonNullable<ToolCase['ready']>,
): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const result = (await client.callTool({
      name: ready.tool,
      arguments: ready.args(state),
    })) as CallToolResult;
    if (ready.until((result.structuredContent ?? {}) as Record<string, unknown>)) return;
    if (Date.now() > deadline) throw new Error(`${ready.tool} never became ready`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Lists every tool through a real MCP client, checks the catalogue's conventions (camelCase
 * arguments, ISO 8601 instants, one id per channel) and calls each tool of the table once.
 */
export async function runToolTable(
  client: Client,
  state: ToolState,
  options: { worker: boolean },
): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(toolTable.map((c) => c.tool).sort());
  for (const tool of tools) {
    expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    for (const name of propertyNames(tool.inputSchema))
      expect(name.split('.').at(-1), `${tool.name}: ${name}`).toMatch(camelCase);
  }
  for (const entry of toolTable) {
    if (entry.ready && options.worker) await waitUntilReady(client, state, entry.ready);
    const result = (await client.callTool({
      name: entry.tool,
      arguments: entry.args(state),
    })) as CallToolResult;
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    if (result.isError && !options.worker && entry.withoutWorker) {
      expect(text, entry.tool).toMatch(entry.withoutWorker);
      continue;
    }
    expect(result.isError, `${entry.tool}: ${text}`).toBeFalsy();
    const content = (result.structuredContent ?? JSON.parse(text)) as Record<string, unknown>;
    checkValues(content, entry.tool);
    entry.check?.(content);
    entry.keep?.(content, state);
  }

  // Every resource reads and every prompt renders on this transport too.
  const { resources } = await client.listResources();
  expect(resources.map((resource) => resource.uri)).toEqual(
    expect.arrayContaining([
      'promptsales://platform/status',
      'promptsales://analytics/catalog',
      'promptsales://analytics/questions',
    ]),
  );
  for (const resource of resources) {
    const read = await client.readResource({ uri: resource.uri });
    const first = read.contents[0];
    expect(first && 'text' in first ? first.text.length : 0, resource.uri).toBeGreaterThan(0);
  }
  const { prompts } = await client.listPrompts();
  expect(prompts.map((prompt) => prompt.name)).toEqual(
    expect.arrayContaining([
      'analytics_weekly_report',
      'analytics_channel_comparison',
      'analytics_geography_review',
    ]),
  );
  for (const prompt of prompts) {
    const rendered = await client.getPrompt({ name: prompt.name, arguments: {} });
    expect(rendered.messages.length, prompt.name).toBe(1);
  }
}

/** The demo organisation's first campaign, one of its ads and one live lead. */
export async function demoIds(runtime: Runtime): Promise<ToolState> {
  const orgId = (await demoOrganizationId(runtime))!;
  const [ad] = await runtime.database.query<{ id: string; campaign_id: string }>(
    sql`select id, campaign_id from ads.ads where org_id = ${orgId} order by id limit 1`,
  );
  const [lead] = await runtime.database.query<{ id: string }>(
    sql`select id from crm.contacts where org_id = ${orgId} and merged_into_id is null
        and erased_at is null order by id limit 1`,
  );
  return { campaignId: ad!.campaign_id, adId: ad!.id, leadId: lead!.id };
}
