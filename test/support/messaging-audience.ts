import { expect } from 'vitest';
import { eventually } from './eventually.js';
import { apiClient, json } from './http.js';

export interface AudiencePerson {
  first_name: string;
  email?: string;
  phone?: string;
  country?: string;
  /** Channels the person consented to (others get nothing; `withdrawn` ones a withdrawal). */
  granted: string[];
  withdrawn?: string[];
}

/**
 * CRM contacts with their consents, and a segment of exactly them (by a tag of their own),
 * computed: what a messaging campaign's ad set is addressed to.
 */
export async function messagingAudience(
  baseUrl: string,
  token: string,
  tag: string,
  people: AudiencePerson[],
): Promise<{ segmentId: string; contactIds: string[] }> {
  const api = apiClient(baseUrl);
  const contactIds: string[] = [];
  for (const { granted, withdrawn = [], ...fields } of people) {
    const created = await api('POST', '/api/v1/contacts', {
      token,
      body: { ...fields, tags: [tag] },
    });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: string }>(created);
    contactIds.push(id);
    for (const [channels, status] of [
      [granted, 'granted'],
      [withdrawn, 'withdrawn'],
    ] as const)
      for (const channel of channels)
        expect(
          (
            await api('PUT', `/api/v1/contacts/${id}/consents/${channel}`, {
              token,
              body: { status, source: 'test form' },
            })
          ).status,
        ).toBe(200);
  }
  const segment = await json<{ id: string }>(
    await api('POST', '/api/v1/segments', {
      token,
      body: {
        name: `Audience ${tag}`,
        rules: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: tag }] },
      },
    }),
  );
  await eventually(
    async () =>
      json<{ member_count: number; computed_at: string | null }>(
        await api('GET', `/api/v1/segments/${segment.id}`, { token }),
      ),
    (value) => value.computed_at !== null && value.member_count === people.length,
  );
  return { segmentId: segment.id, contactIds };
}
