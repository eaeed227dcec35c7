import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { contentFacadeFor, type ContentBrief } from '../src/modules/content/index.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const brief: ContentBrief = {
  type: 'text',
  subject: 'Spring campaign',
  channel: 'email',
  language: 'en',
  variants: 1,
  campaignReference: 'portal-tx',
};

class Rollback extends Error {}

/** The portal's use of PromptContent: content requested inside the campaign request's transaction. */
describe('content facade in the caller’s transaction', () => {
  let app: TestApp;
  let owner: SignedUp;

  // Without workers: a job that commits stays in the queue for the count below.
  beforeAll(async () => {
    app = await startTestApp({ work: false });
    owner = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const counts = async (reference: string) => {
    const [row] = await app.runtime.database.query<{ requests: number; jobs: number }>(
      sql`select
            (select count(*)::int from content.content_requests
              where brief->>'campaignReference' = ${reference}) as requests,
            (select count(*)::int from pgboss.job
              where name = 'content.generate-assets'
                and data->>'orgId' = ${owner.orgId}
                and data->>'requestId' in (select id::text from content.content_requests
                  where brief->>'campaignReference' = ${reference})) as jobs`,
    );
    return row!;
  };
  const jobsOfOrg = async () => {
    const [row] = await app.runtime.database.query<{ jobs: number }>(
      sql`select count(*)::int as jobs from pgboss.job
          where name = 'content.generate-assets' and data->>'orgId' = ${owner.orgId}`,
    );
    return row!.jobs;
  };

  it('leaves no request and no job when the outer transaction rolls back', async () => {
    const content = contentFacadeFor(app.runtime);
    let seenInside: string | undefined;
    await expect(
      app.runtime.db.transaction(async (tx) => {
        const queued = await content.requestContent({
          orgId: owner.orgId,
          userId: owner.userId,
          brief: { ...brief, campaignReference: 'rolled-back' },
          transaction: tx,
        });
        seenInside = queued.status;
        throw new Rollback('the campaign request failed later');
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(seenInside).toBe('queued');
    expect(await counts('rolled-back')).toEqual({ requests: 0, jobs: 0 });
    expect(await jobsOfOrg()).toBe(0);
  });

  it('keeps the request and its job when the outer transaction commits', async () => {
    const content = contentFacadeFor(app.runtime);
    const queued = await app.runtime.db.transaction((tx) =>
      content.requestContent({
        orgId: owner.orgId,
        userId: owner.userId,
        brief: { ...brief, campaignReference: 'committed' },
        transaction: tx,
      }),
    );
    expect(queued).toMatchObject({ status: 'queued', expected: 1 });
    expect(await counts('committed')).toEqual({ requests: 1, jobs: 1 });
    expect(await content.requestStatus(owner.orgId, queued.requestId)).toMatchObject({
      status: 'queued',
    });
  });

  it('checks the brand kit inside the transaction too', async () => {
    const content = contentFacadeFor(app.runtime);
    await expect(
      app.runtime.db.transaction((tx) =>
        content.requestContent({
          orgId: owner.orgId,
          userId: owner.userId,
          brief: {
            ...brief,
            campaignReference: 'foreign-kit',
            brandKitId: '0190f5c4-0000-7000-8000-000000000000',
          },
          transaction: tx,
        }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await counts('foreign-kit')).toEqual({ requests: 0, jobs: 0 });
  });
});
