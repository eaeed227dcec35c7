import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsset } from '../src/modules/content/infrastructure/assets.repository.js';
import { apiClient, json, type Problem } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface FeatureProblem extends Problem {
  feature: string;
  plan: string;
  upgrade: { plan: string; name: string; how: string } | null;
}
interface QuotaProblem extends Problem {
  quota: string;
  limit: number;
  usage: number;
  upgrade: { plan: string; limit: number } | null;
}
interface Usage {
  data: { quota: string; used: number; limit: number }[];
}

const automation = {
  name: 'Tag new leads',
  enabled: true,
  trigger: { type: 'event', event: 'crm.lead-captured' },
  steps: [{ action: 'add_tag', tag: 'new' }],
};
const textBrief = {
  type: 'text',
  subject: 'Café Aurora',
  description: 'specialty coffee roasted every morning',
  channel: 'instagram',
  language: 'en',
};
const segment = {
  name: 'Mexico',
  rules: { match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'MX' }] },
};

/** A PNG header (all the library reads of an upload) padded to `size` bytes. */
function png(size: number): Buffer {
  const header = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(1200, 16);
  header.writeUInt32BE(628, 20);
  return Buffer.concat([header, Buffer.alloc(size - header.length)]);
}

/** Plan features (402 feature_not_in_plan) and media storage, over REST and MCP. */
describe('billing: plan features and media storage', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startTestApp({ env: { AI_OFFLINE_LATENCY_MS: '0' } });
    api = apiClient(app.url);
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    await app?.close();
  });

  const subscribe = async (owner: SignedUp, planId: string) => {
    const response = await api('PUT', '/api/v1/billing/subscription', {
      token: owner.token,
      body: { plan_id: planId, payment_method: 'pm_card_visa' },
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  const mcp = async (owner: SignedUp) => {
    const client = new Client({ name: 'billing-features-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${owner.token}` } },
      }),
    );
    clients.push(client);
    return async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      return { isError: result.isError ?? false, text };
    };
  };
  const usageOf = async (owner: SignedUp, quota: string) =>
    (
      await json<Usage>(await api('GET', '/api/v1/billing/usage', { token: owner.token }))
    ).data.find((row) => row.quota === quota);
  const upload = (owner: SignedUp, bytes: Buffer) =>
    api('POST', '/api/v1/assets', {
      token: owner.token,
      body: {
        type: 'image',
        title: 'Harbour',
        description: 'Boats in the harbour at dusk',
        image_base64: bytes.toString('base64'),
      },
    });

  it('refuses CRM automations and content generation on a PromptAds plan, naming the upgrade, until it upgrades', async () => {
    const owner = await signUp(app);
    await subscribe(owner, 'promptads-starter');
    const neighbour = await signUp(app); // on its trial of the bundle, in the same process

    const flow = await api('POST', '/api/v1/automations', { token: owner.token, body: automation });
    expect(flow.status).toBe(402);
    expect(flow.headers.get('content-type')).toContain('application/problem+json');
    const flowProblem = await json<FeatureProblem>(flow);
    expect(flowProblem).toMatchObject({
      code: 'feature_not_in_plan',
      feature: 'crm_automations',
      plan: 'promptads-starter',
      upgrade: { plan: 'promptcrm-starter', how: 'PUT /api/v1/billing/subscription' },
    });
    expect(flowProblem.detail).toContain(
      'The PromptAds Starter plan does not include CRM automations; PromptCRM Starter does',
    );
    expect(flowProblem.detail).toContain('PromptCRM Starter');

    const content = await api('POST', '/api/v1/content-requests', {
      token: owner.token,
      body: textBrief,
    });
    expect(content.status).toBe(402);
    expect(await json<FeatureProblem>(content)).toMatchObject({
      code: 'feature_not_in_plan',
      feature: 'content_generation',
      upgrade: { plan: 'promptcontent-starter' },
    });
    // Nothing was written: no automation exists, and the plan's own features still work.
    const flows = await json<{ data: unknown[] }>(
      await api('GET', '/api/v1/automations', { token: owner.token }),
    );
    expect(flows.data).toHaveLength(0);
    const proposal = await api('POST', '/api/v1/campaign-requests', {
      token: owner.token,
      body: { not: 'valid' },
    });
    expect(proposal.status).toBe(400); // past the feature check, refused by validation

    const call = await mcp(owner);
    const viaMcp = await call('content_request_content', { ...textBrief, language: 'es' });
    expect(viaMcp.isError).toBe(true);
    expect(viaMcp.text).toContain('feature_not_in_plan');
    expect(viaMcp.text).toContain('PromptContent Starter');
    const segmentViaMcp = await call('crm_create_segment', segment);
    expect(segmentViaMcp.isError).toBe(true);
    expect(segmentViaMcp.text).toContain('does not include the CRM; PromptCRM Starter does');

    // Another organisation's plan is its own.
    const theirs = await api('POST', '/api/v1/automations', {
      token: neighbour.token,
      body: automation,
    });
    expect(theirs.status).toBe(201);

    await subscribe(owner, 'promptsales-growth');
    expect(
      (await api('POST', '/api/v1/automations', { token: owner.token, body: automation })).status,
    ).toBe(201);
    expect(
      (await api('POST', '/api/v1/content-requests', { token: owner.token, body: textBrief }))
        .status,
    ).toBe(202);
    const afterUpgrade = await call('crm_create_segment', segment);
    expect(afterUpgrade.isError, afterUpgrade.text).toBe(false);
    const contentAfter = await call('content_request_content', textBrief);
    expect(contentAfter.isError, contentAfter.text).toBe(false);
  });

  it('keeps reads and deletes working after a downgrade; changes need the feature', async () => {
    const owner = await signUp(app);
    const contact = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'ana@downgrade.example' },
    });
    expect(contact.status).toBe(201);
    const flow = await json<{ id: string }>(
      await api('POST', '/api/v1/automations', { token: owner.token, body: automation }),
    );
    await subscribe(owner, 'promptads-starter');

    const contacts = await json<{ data: { email: string }[] }>(
      await api('GET', '/api/v1/contacts', { token: owner.token }),
    );
    expect(contacts.data.map((row) => row.email)).toEqual(['ana@downgrade.example']);
    expect(
      (await api('GET', `/api/v1/automations/${flow.id}`, { token: owner.token })).status,
    ).toBe(200);
    const change = await api('PATCH', `/api/v1/automations/${flow.id}`, {
      token: owner.token,
      body: { name: 'Renamed' },
    });
    expect(change.status).toBe(402);
    expect(await json<FeatureProblem>(change)).toMatchObject({ feature: 'crm_automations' });
    const another = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'beto@downgrade.example' },
    });
    expect(await json<FeatureProblem>(another)).toMatchObject({
      code: 'feature_not_in_plan',
      feature: 'crm',
    });
    expect(
      (await api('DELETE', `/api/v1/automations/${flow.id}`, { token: owner.token })).status,
    ).toBe(204);
  });

  it('meters media storage from the stored files and refuses uploads and image generation past the limit', async () => {
    const owner = await signUp(app);
    await subscribe(owner, 'promptcontent-starter');
    expect(await usageOf(owner, 'media_storage_mb')).toMatchObject({ used: 0, limit: 5_000 });

    const first = await upload(owner, png(1_500_000));
    expect(first.status, await first.clone().text()).toBe(201);
    expect(await usageOf(owner, 'media_storage_mb')).toMatchObject({ used: 2, limit: 5_000 });

    // A library that already holds nearly 5 GB: one recorded file of 4,998.5 MB.
    await insertAsset(
      app.runtime.db,
      {
        orgId: owner.orgId,
        id: uuidv7(),
        type: 'image',
        format: 'image/png',
        title: 'Archive',
        description: 'A very large archive image',
        hashtags: [],
        searchText: 'archive',
        status: 'draft',
        currentVersion: 1,
      },
      {
        content: {
          kind: 'image',
          image: {
            mediaKey: `${owner.orgId}/archive.png`,
            width: 1,
            height: 1,
            contentType: 'image/png',
            bytes: 4_998_500_000,
          },
          altText: 'Archive',
        },
        brandFindings: [],
        formatFindings: [],
      },
    );
    expect(await usageOf(owner, 'media_storage_mb')).toMatchObject({ used: 5_000 });

    const refused = await upload(owner, png(1_500_000));
    expect(refused.status).toBe(402);
    expect(await json<QuotaProblem>(refused)).toMatchObject({
      code: 'quota_exceeded',
      quota: 'media_storage_mb',
      limit: 5_000,
      usage: 5_000,
      upgrade: { plan: 'promptcontent-growth', limit: 50_000 },
    });
    const banner = await api('POST', '/api/v1/content-requests', {
      token: owner.token,
      body: { ...textBrief, type: 'image' },
    });
    expect(banner.status).toBe(402);
    expect(await json<QuotaProblem>(banner)).toMatchObject({ quota: 'media_storage_mb' });
    const viaMcp = await (
      await mcp(owner)
    )('content_request_content', {
      ...textBrief,
      type: 'image',
    });
    expect(viaMcp.isError).toBe(true);
    expect(viaMcp.text).toContain('quota_exceeded');
    // Copy stores no media: still allowed.
    const copy = await api('POST', '/api/v1/content-requests', {
      token: owner.token,
      body: textBrief,
    });
    expect(copy.status).toBe(202);

    // Another organisation's files count for it alone.
    const other = await signUp(app);
    expect(await usageOf(other, 'media_storage_mb')).toMatchObject({ used: 0 });
  });
});
