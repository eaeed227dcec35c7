import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface BrandKit {
  id: string;
  name: string;
  banned_phrases: string[];
  approved_claims: string[];
  channel_limits: Record<string, number>;
}
interface Finding {
  kind: string;
  match: string;
  start: number;
  end: number;
}

describe('brand kits', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let kit: BrandKit;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    const created = await api('POST', '/api/v1/brand-kits', {
      token: owner.token,
      body: {
        name: 'Café Aurora',
        voice: 'Warm, close, never pushy',
        colors: ['#6b3e26', '#c08552'],
        approved_claims: ['100% arábica'],
        banned_phrases: ['barato', 'oferta irrepetible'],
        channel_limits: { x: 200 },
      },
    });
    expect(created.status).toBe(201);
    kit = await json<BrandKit>(created);
  });
  afterAll(async () => app?.close());

  it('creates, lists, changes and deletes a kit', async () => {
    expect(kit.approved_claims).toEqual(['100% arábica']);
    const list = await json<Page<BrandKit>>(
      await api('GET', '/api/v1/brand-kits', { token: owner.token }),
    );
    expect(list.data.map((k) => k.id)).toContain(kit.id);
    const patched = await api('PATCH', `/api/v1/brand-kits/${kit.id}`, {
      token: owner.token,
      body: { banned_phrases: ['barato', 'oferta irrepetible', 'low cost'] },
    });
    expect(patched.status).toBe(200);
    expect((await json<BrandKit>(patched)).banned_phrases).toHaveLength(3);
    const other = await json<BrandKit>(
      await api('POST', '/api/v1/brand-kits', { token: owner.token, body: { name: 'Temp' } }),
    );
    expect(
      (await api('DELETE', `/api/v1/brand-kits/${other.id}`, { token: owner.token })).status,
    ).toBe(204);
    expect(
      (await api('GET', `/api/v1/brand-kits/${other.id}`, { token: owner.token })).status,
    ).toBe(404);
  });

  it('reports banned phrases and unapproved claims with their positions, ignoring case and accents', async () => {
    const text = 'Café 100% arábica. ¡Es el más BARATO y el mejor del barrio! Oferta IRREPETIBLE.';
    const response = await api('POST', `/api/v1/brand-kits/${kit.id}/check`, {
      token: owner.token,
      body: { text, channel: 'x' },
    });
    expect(response.status).toBe(200);
    const body = await json<{ ok: boolean; findings: Finding[] }>(response);
    expect(body.ok).toBe(false);
    expect(body.findings.map((f) => [f.kind, f.match])).toEqual([
      ['unapproved_claim', 'más BARATO'],
      ['banned_phrase', 'BARATO'],
      ['unapproved_claim', 'mejor'],
      ['banned_phrase', 'Oferta IRREPETIBLE'],
    ]);
    for (const finding of body.findings)
      expect(text.slice(finding.start, finding.end)).toBe(finding.match);
  });

  it('applies the kit channel limit', async () => {
    const response = await api('POST', `/api/v1/brand-kits/${kit.id}/check`, {
      token: owner.token,
      body: { text: 'Buen café. '.repeat(25), channel: 'x' },
    });
    const body = await json<{ ok: boolean; format_findings: { limit: number }[] }>(response);
    expect(body.format_findings).toMatchObject([{ limit: 200 }]);
  });

  it('keeps kits to their organisation and writing to content:write holders', async () => {
    const stranger = await signUp(app);
    expect(
      (await api('GET', `/api/v1/brand-kits/${kit.id}`, { token: stranger.token })).status,
    ).toBe(404);
    expect(
      (
        await api('POST', `/api/v1/brand-kits/${kit.id}/check`, {
          token: stranger.token,
          body: { text: 'x' },
        })
      ).status,
    ).toBe(404);
    const analyst = await createMember(app, owner.token, 'analyst');
    expect(
      (await api('POST', '/api/v1/brand-kits', { token: analyst, body: { name: 'Nope' } })).status,
    ).toBe(403);
    expect((await api('GET', `/api/v1/brand-kits/${kit.id}`, { token: analyst })).status).toBe(200);
  });
});
