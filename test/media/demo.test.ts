import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_RELEASE_SLUG } from '../../src/media/demo.ts';
import { loadDemo } from '../../src/org/demo.ts';
import { verifyAudit } from '../../src/security/audit.ts';
import { DIALECTS } from '../helpers/db.ts';
import { login, testServer, type TestServer } from '../helpers/http.ts';

describe.each(DIALECTS)('the demo publishes the seed release (%s)', (dialect) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it('drafted, reviewed, decided, approved and published by the demo accounts, on /public/ and in the feeds from the start', async () => {
    server = await testServer(dialect, {}, { language: null });
    const password = await loadDemo(server.ctx);
    const anonymous = (url: string) => server.app.inject({ method: 'GET', url });

    const index = await anonymous('/public/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain(`/public/releases/${DEMO_RELEASE_SLUG}`);
    expect(index.body).toContain('市委理论学习中心组举行集体学习');
    const page = await anonymous(`/public/releases/${DEMO_RELEASE_SLUG}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1月20日下午');
    expect((await anonymous('/public/feed.atom')).body).toContain('<entry');
    expect((JSON.parse((await anonymous('/public/feed.json')).body) as { items: unknown[] }).items).toHaveLength(1);

    const clerk = await login(server.app, 'clerk', password);
    const list = (await clerk.get('/api/media/releases?state=published')).json() as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    const release = (await clerk.get(`/api/media/releases/${list.items[0]!.id}`)).json() as {
      author: string;
      source: string;
      versions: { draftedBy: string; approvedBy: string; publishedBy: string; reviewId: string; reviewCurrent: boolean; review: { reviewer: string; decidedBy: string; outcome: string; openFindings: number } }[];
    };
    expect(release).toMatchObject({ author: 'clerk', source: 'writer' });
    expect(release.versions[0]).toMatchObject({ draftedBy: 'clerk', approvedBy: 'leader', publishedBy: 'press', reviewCurrent: true, review: { reviewer: 'press', decidedBy: 'officer', outcome: 'publish', openFindings: 0 } });
    // The register holds the review with the drafter.
    const review = await server.ctx.database.db.selectFrom('publication_reviews').selectAll().where('id', '=', release.versions[0]!.reviewId).executeTakeFirstOrThrow();
    expect(review).toMatchObject({ drafted_by: 'clerk', reviewer_name: 'press', approver_name: 'officer', outcome: 'publish', has_star_mark: 0 });
    const findings = await server.ctx.database.db.selectFrom('publication_review_findings').select(['kind', 'excerpt', 'blocking']).where('review_id', '=', review.id).execute();
    expect(findings.filter((f) => f.blocking === 1)).toEqual([]);
    expect(await verifyAudit(server.ctx.database.db)).toMatchObject({ ok: true });
  });
});
